import sharp from 'sharp';
import { CAPTION_FONT_FAMILY, CAPTION_FONT_PATH } from './caption-font';
import type { ScanPicture } from './types';

/** 300 DPI, as scanners write; sharp takes TIFF resolution in pixels per millimetre. */
export const TIFF_DPI = 300;
const PIXELS_PER_MM = TIFF_DPI / 25.4;
/**
 * sharp writes JPEG-in-TIFF as YCbCr below quality 90, which several Windows viewers and GIMP
 * refuse; at 90 and above it writes RGB (ALEX.md section 7).
 */
export const TIFF_JPEG_QUALITY = 90;
const WHITE = { r: 255, g: 255, b: 255 };

/** sharp's text input reads Pango markup: a title holding `<` or `&` must stay text. */
function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The caption as black text on transparent, wrapped to the picture's width, in the shipped font. */
async function captionImage(caption: readonly string[], width: number, margin: number, pointSize: number) {
  return sharp({
    text: {
      text: caption.map(escapeMarkup).join('\n'),
      // The file, not a system font: the slim runtime image has none.
      fontfile: CAPTION_FONT_PATH,
      font: `${CAPTION_FONT_FAMILY} ${pointSize}`,
      width: Math.max(1, width - 2 * margin),
      wrap: 'word-char',
      spacing: Math.round(pointSize * 0.4),
      rgba: true,
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
}

/**
 * The photo as a one-page TIFF with the caption drawn on white under it: RGB JPEG compression
 * at quality 90 (no YCbCr), tagged 300 DPI, with no EXIF or other metadata (sharp keeps none
 * unless asked). The picture itself is decoded and re-encoded once; PDF is the default for that
 * reason and because RGB LZW would be 4-4.5 MB at 2048 px.
 */
export async function renderScanTiff(picture: ScanPicture, caption: readonly string[]): Promise<Buffer> {
  // About 1/60 of the picture's width per line, so the caption reads the same on any size.
  const pointSize = Math.max(12, Math.round(picture.width / 60));
  const margin = Math.round(pointSize * 0.8);
  const text = await captionImage(caption, picture.width, margin, pointSize);
  const captionHeight = text.info.height + 2 * margin;
  return sharp({
    create: { width: picture.width, height: picture.height + captionHeight, channels: 3, background: WHITE },
  })
    .composite([
      { input: picture.jpeg, top: 0, left: 0 },
      { input: text.data, top: picture.height + margin, left: margin },
    ])
    .removeAlpha()
    .toColourspace('srgb')
    .tiff({
      compression: 'jpeg',
      quality: TIFF_JPEG_QUALITY,
      xres: PIXELS_PER_MM,
      yres: PIXELS_PER_MM,
      resolutionUnit: 'inch',
    })
    .toBuffer();
}
