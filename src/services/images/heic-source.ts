import sharp, { type SharpOptions } from 'sharp';
import type { PixelSource } from './encode';
import type { HeicDecoder } from './heic-pool';
import type { InspectedImage } from './inspect';
import { rgbaToTiff } from './raw-tiff';

export interface HeicSourceDeps {
  heic: HeicDecoder;
  maxEdgePx: number;
  maxInputPixels: number;
  decodeOptions: SharpOptions;
}

/**
 * Decodes an HEVC HEIF in the worker pool and hands the encoder a pixel source that is already
 * upright, capped in size and tagged with its colour profile.
 *
 * The pixels arrive upright because libheif applies the container's irot/imir transforms; the EXIF
 * orientation inside a HEIF is informative only (an iPhone writes 6 alongside irot 270) and applying
 * it as well would turn portraits sideways, so these sources carry no EXIF at all. The full-size RGBA
 * (48 MB for 12 MP) is scaled down first, so the copy into a TIFF and the ICC conversion to sRGB
 * work on a quarter of the pixels.
 */
export async function heicPixelSource(
  input: Buffer,
  inspected: InspectedImage,
  { heic, maxEdgePx, maxInputPixels, decodeOptions }: HeicSourceDeps,
): Promise<PixelSource> {
  const { width: expectedWidth, height: expectedHeight } = inspected;
  const decoded = await heic.decode(input, {
    width: expectedWidth,
    height: expectedHeight,
    maxPixels: maxInputPixels,
  });
  const full = Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
  const { data, info } = await sharp(full, {
    ...decodeOptions,
    raw: { width: decoded.width, height: decoded.height, channels: 4 },
  })
    .resize({ width: maxEdgePx, height: maxEdgePx, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;

  if (inspected.icc && channels === 4) {
    const tiff = rgbaToTiff({ width, height, data }, inspected.icc);
    return () => sharp(tiff, decodeOptions);
  }
  return () => sharp(data, { ...decodeOptions, raw: { width, height, channels } });
}
