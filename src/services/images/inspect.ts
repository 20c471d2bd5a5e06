import sharp, { type Metadata } from 'sharp';
import { captureTimeFromExif } from './capture-time';
import { FAIL_ON } from './decode-options';
import { emptyImage, sideTooLong, tooManyPixels, unreadable, unsupportedType } from './errors';
import { assertHeifComplete } from './heif-boxes';
import { sniffImageType, type SniffedType } from './sniff';

/** The MIME types the pipeline reports as `originalType`. */
export type OriginalType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'image/avif';

/** What is known about an upload from its header, before a single pixel is decoded. */
export interface InspectedImage {
  originalType: OriginalType;
  /** HEVC cannot be decoded by the libvips that ships with sharp; it goes to the HEIC worker pool. */
  decoder: 'sharp' | 'heic';
  width: number;
  height: number;
  /** The embedded ICC profile, needed to bring HEIC pixels (usually Display P3) into sRGB. */
  icc?: Buffer;
  /** EXIF DateTimeOriginal as ISO 8601 (with its offset when the photo says it), read before stripping. */
  capturedAt: string | null;
}

/** What is refused from the header alone, before any pixel is decoded. */
export interface HeaderLimits {
  maxInputPixels: number;
  /** Longest side accepted: a 59,999,999 x 1 PNG is under the pixel limit but costs ~465 MB to decode. */
  maxInputEdgePx: number;
}

const SIMPLE_TYPES: Record<Exclude<SniffedType, 'heif'>, OriginalType> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/**
 * HEIF with HEVC (every iPhone since iOS 11, most Android "HEIF" settings) is reported as
 * `image/heic` whatever the brand; HEIF with AV1 is `image/avif` and is accepted too, because the
 * sharp build decodes it natively and it is what newer Android cameras may send. Other HEIF codecs
 * (JPEG-in-HEIF, uncompressed) are refused.
 */
function heifKind(compression: string | undefined): Pick<InspectedImage, 'originalType' | 'decoder'> {
  if (compression === 'hevc') return { originalType: 'image/heic', decoder: 'heic' };
  if (compression === 'av1') return { originalType: 'image/avif', decoder: 'sharp' };
  throw unsupportedType(new Error(`HEIF compression ${compression ?? 'unknown'} is not supported`));
}

/**
 * Decides the type from the bytes and reads the pixel dimensions from the header only.
 * Two opinions must agree: our own magic-number sniffing and sharp's format detection. Throws
 * UNSUPPORTED_MEDIA_TYPE (415) for anything off the allow-list, IMAGE_UNREADABLE (422) for an
 * empty file, a damaged header, a cut-off HEIF container, more pixels than `maxInputPixels` or a
 * side longer than `maxInputEdgePx` (for HEIF, the primary item's `ispe` size as libheif reports it).
 */
export async function inspectImage(input: Buffer, limits: HeaderLimits): Promise<InspectedImage> {
  const { maxInputPixels, maxInputEdgePx } = limits;
  if (input.length === 0) throw emptyImage();
  const sniffed = sniffImageType(input);
  if (!sniffed) throw unsupportedType();

  let metadata: Metadata;
  try {
    // Reading the header decodes no pixels; sharp's own limit is lifted here so that the refusal below,
    // with its clinician-readable numbers, is the one that applies.
    metadata = await sharp(input, { failOn: FAIL_ON, limitInputPixels: false }).metadata();
  } catch (error) {
    // The magic numbers say it is a photo we accept, so a header sharp cannot read is damage.
    throw unreadable(error);
  }
  if (metadata.format !== sniffed) {
    throw unsupportedType(new Error(`magic says ${sniffed}, sharp says ${metadata.format}`));
  }
  const kind =
    sniffed === 'heif'
      ? heifKind(metadata.compression)
      : { originalType: SIMPLE_TYPES[sniffed], decoder: 'sharp' as const };

  const { width, height } = metadata;
  if (!width || !height) throw unreadable(new Error('no dimensions in the header'));
  if (width * height > maxInputPixels) throw tooManyPixels(width, height, maxInputPixels);
  if (Math.max(width, height) > maxInputEdgePx) throw sideTooLong(width, height, maxInputEdgePx);

  if (sniffed === 'heif') {
    try {
      assertHeifComplete(input);
    } catch (error) {
      throw unreadable(error);
    }
  }
  return {
    ...kind,
    width,
    height,
    icc: kind.decoder === 'heic' ? metadata.icc : undefined,
    capturedAt: captureTimeFromExif(metadata.exif),
  };
}
