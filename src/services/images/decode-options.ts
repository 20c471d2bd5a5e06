import type { SharpOptions } from 'sharp';

/**
 * How strict every decode of a user's photo is (GATEWAY-API.md guarantee 7: never stored half-grey).
 *
 * `failOn: 'warning'`, the strictest level. libjpeg reports a JPEG cut short with an end-of-image
 * marker appended, or a header claiming more rows than its data holds, only as a *warning*
 * ("Corrupt JPEG data: premature end of data segment") and paints the missing rows grey; the
 * laxer levels ('truncated', 'error') let both through. Every photo of the shared corpus (phone
 * JPEGs from Nokia, iPhone, Jolla, Nikon, the orientation set, image00971.jpg with its malformed
 * EXIF) decodes without any warning, so the strict level refuses damage without refusing real
 * photos; test/integration/images/strict-decode.test.ts holds both halves of that claim. Malformed
 * EXIF is not a decoder warning (libvips parses metadata separately), which is why it still passes.
 */
export const FAIL_ON: NonNullable<SharpOptions['failOn']> = 'warning';

/** The options for every sharp() call on bytes that came from a user (or decoded from them). */
export function strictDecodeOptions(maxInputPixels: number): SharpOptions {
  return { failOn: FAIL_ON, limitInputPixels: maxInputPixels };
}
