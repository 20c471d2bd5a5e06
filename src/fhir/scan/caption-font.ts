import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The caption's typeface: Noto Sans Regular (SIL Open Font License 1.1, assets/fonts/OFL.txt),
 * shipped with the project because the slim runtime image has no system fonts, and chosen
 * for its full Latin Extended-A, so the macrons of te reo Māori (ā ē ī ō ū) print. The same
 * file is subset-embedded in PDFs and handed to sharp for TIFF captions. The path is three
 * levels up from both src/fhir/scan and dist/fhir/scan.
 */
export const CAPTION_FONT_PATH = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'assets',
  'fonts',
  'NotoSans-Regular.ttf',
);

/** The family name inside the file, which sharp's text renderer selects by. */
export const CAPTION_FONT_FAMILY = 'Noto Sans';

let fontBytes: Buffer | undefined;

/** The font file's bytes, read once per process. */
export function captionFontBytes(): Buffer {
  fontBytes ??= readFileSync(CAPTION_FONT_PATH);
  return fontBytes;
}
