import { AppError } from '../../errors';
import { renderScanPdf } from './pdf';
import { renderScanTiff } from './tiff';
import type { ScanDocumentContent, ScanFormat, ScanPicture } from './types';

/** ALEX's Scan write-back takes payloads under 8 MB (ALEX.md section 7): 8 MB itself is refused. */
export const SCAN_MAX_BYTES = 8 * 1024 * 1024;

export interface RenderScanInput extends ScanPicture {
  /** Lines from `scanCaption`. */
  caption: readonly string[];
  format: ScanFormat;
}

/**
 * The Inbox Scan document for one stored photo: a one-page PDF wrapping the JPEG unchanged
 * (`pdf`, the default) or an RGB 300 DPI TIFF (`tiff`), each with the caption under the picture.
 * Throws AppError `SCAN_TOO_LARGE` (422, per file, not retryable) for a document of 8 MB or
 * more, rather than sending ALEX something it refuses.
 */
export async function renderScanDocument(input: RenderScanInput): Promise<ScanDocumentContent> {
  const { caption, format, ...picture } = input;
  const content: ScanDocumentContent =
    format === 'tiff'
      ? { contentType: 'image/tiff', bytes: await renderScanTiff(picture, caption) }
      : { contentType: 'application/pdf', bytes: await renderScanPdf(picture, caption) };
  if (content.bytes.length >= SCAN_MAX_BYTES) {
    throw new AppError('SCAN_TOO_LARGE', {
      details: [
        {
          path: 'file',
          problem: `the ${format.toUpperCase()} document must be under ${SCAN_MAX_BYTES} bytes`,
        },
      ],
    });
  }
  return content;
}
