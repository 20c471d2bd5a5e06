import sharp, { type SharpOptions } from 'sharp';
import type { PixelSource } from './encode';
import type { HeifConvertDecoder } from './heif-convert';
import type { HeicDecoder } from './heic-pool';
import type { InspectedImage } from './inspect';
import { replaceJpegMetadata } from './jpeg-segments';
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

export interface HeifConvertSourceDeps {
  tool: HeifConvertDecoder;
  maxInputPixels: number;
  decodeOptions: SharpOptions;
}

/**
 * The same pixel source from `heif-convert`'s JPEG: upright already (libheif applies irot/imir),
 * its EXIF dropped so nothing turns it again, the HEIC's ICC profile put in so Display P3 is
 * converted to sRGB as for any JPEG. Decoded from a JPEG, it gets shrink-on-load and the strict
 * decode like an upload; the orientation behaviour is the worker pool's, which the corpus tests
 * check on both paths.
 */
export async function heifConvertPixelSource(
  input: Buffer,
  inspected: InspectedImage,
  { tool, maxInputPixels, decodeOptions }: HeifConvertSourceDeps,
): Promise<PixelSource> {
  const jpeg = await tool.decode(input, {
    width: inspected.width,
    height: inspected.height,
    maxPixels: maxInputPixels,
  });
  const prepared = replaceJpegMetadata(jpeg, inspected.icc);
  return () => sharp(prepared, decodeOptions);
}
