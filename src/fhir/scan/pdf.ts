import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import type { Fontkit } from 'pdf-lib/cjs/types/fontkit';
import { captionFontBytes } from './caption-font';
import type { ScanPicture } from './types';
import { wrapCaption } from './wrap-caption';

const A4 = { short: 595.28, long: 841.89 };
const MARGIN = 36;
const CAPTION_SIZE = 11;
const LINE_HEIGHT = 15;
const CAPTION_GAP = 12;
/** The document names an organisation, never a person or a software version (GATEWAY-API.md). */
const PRODUCER = 'ClinicPro';

let parsedFont: ReturnType<Fontkit['create']> | undefined;
/**
 * fontkit with the caption font parsed once per process. pdf-lib parses the font for every
 * document it embeds it in, and parsing (and shaping the first text) costs Noto Sans about a
 * hundred milliseconds; each document still gets its own subset of the shared parsed font.
 */
const cachingFontkit: Fontkit = {
  create: (data: Uint8Array, postscriptName?: string) =>
    (parsedFont ??= fontkit.create(data, postscriptName)),
};

/**
 * A one-page A4 PDF (landscape for a landscape photo) holding the stored JPEG exactly as it
 * is: pdf-lib's embedJpg copies the bytes into a DCTDecode image, so nothing is re-encoded and
 * the picture in Medtech is the picture the GP tagged. The picture keeps its aspect ratio
 * (never drawn larger than 1 pt per pixel) with the caption under it in Noto Sans,
 * subset-embedded so macrons print anywhere. No dates or software names in the Info
 * dictionary and no XMP: the same photo and caption give the same bytes on every attempt.
 */
export async function renderScanPdf(picture: ScanPicture, caption: readonly string[]): Promise<Buffer> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(cachingFontkit);
  const font = await pdf.embedFont(captionFontBytes(), { subset: true });
  const image = await pdf.embedJpg(picture.jpeg);

  const landscape = picture.width > picture.height;
  const pageWidth = landscape ? A4.long : A4.short;
  const pageHeight = landscape ? A4.short : A4.long;
  const contentWidth = pageWidth - 2 * MARGIN;
  const measure = (text: string) => font.widthOfTextAtSize(text, CAPTION_SIZE);
  const lines = caption.flatMap((text) => wrapCaption(text, contentWidth, measure));
  const captionHeight = CAPTION_GAP + lines.length * LINE_HEIGHT;

  const boxHeight = pageHeight - 2 * MARGIN - captionHeight;
  const scale = Math.min(contentWidth / picture.width, boxHeight / picture.height, 1);
  const drawnWidth = picture.width * scale;
  const drawnHeight = picture.height * scale;
  const pictureBottom = pageHeight - MARGIN - drawnHeight;

  const page = pdf.addPage([pageWidth, pageHeight]);
  page.drawImage(image, {
    x: MARGIN + (contentWidth - drawnWidth) / 2,
    y: pictureBottom,
    width: drawnWidth,
    height: drawnHeight,
  });
  lines.forEach((line, index) => {
    page.drawText(line, {
      x: MARGIN,
      y: pictureBottom - CAPTION_GAP - CAPTION_SIZE - index * LINE_HEIGHT,
      size: CAPTION_SIZE,
      font,
      color: rgb(0, 0, 0),
    });
  });

  if (caption[0]) pdf.setTitle(caption[0]);
  pdf.setProducer(PRODUCER);
  pdf.setCreator(PRODUCER);
  // Classic cross-reference table (no object streams): older PDF readers still open it.
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}
