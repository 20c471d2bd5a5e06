import sharp from 'sharp';
import { renderScanPdf } from './pdf';

/**
 * Parses the caption font and shapes a caption once (a few hundred ms), so the first commit
 * after start-up does not pay for it. Call it beside `warmUpConformance()` at boot.
 */
export async function warmUpScanDocuments(): Promise<void> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ffffff' } })
    .jpeg()
    .toBuffer();
  await renderScanPdf({ jpeg, width: 8, height: 8 }, ['Warm-up ā ē ī ō ū · 0123456789']);
}
