import sharp, { type JpegOptions, type Sharp } from 'sharp';
import { searchQuality } from './quality-search';

/** Makes a fresh sharp pipeline over the decoded-or-decodable input; called once per pass. */
export type PixelSource = () => Sharp;

export interface EncodePolicy {
  maxEdgePx: number;
  maxOutputBytes: number;
  /** Lowest quality before the picture is made smaller instead (default 60). */
  qualityFloor: number;
  /** Highest quality tried; above 92 JPEG grows fast for no visible gain (default 92). */
  qualityCeiling: number;
  /** Encodes per size step, the first pass included. */
  maxEncodes: number;
  /** Optimised Huffman tables on the first pass too (default false; the first wave's behaviour, for the benchmark's A/B). */
  optimiseFirstEncode?: boolean;
}

export interface EncodedJpeg {
  bytes: Buffer;
  width: number;
  height: number;
  quality: number;
  /** JPEG encodes it took, for logs and the benchmark. */
  encodes: number;
}

/** Each smaller attempt keeps at most this share of the edge; the estimate usually asks for less. */
const MAX_SHRINK_STEP = 0.85;
const MAX_SHRINKS = 12;
const MIN_EDGE_PX = 16;

/**
 * Baseline (not progressive), 4:2:0, libjpeg-turbo: no metadata is written unless asked.
 * `optimiseCoding` (a second pass that builds Huffman tables for this picture) saves about 5 % of
 * the bytes but costs about a fifth of the whole pipeline's time on a 12 MP phone photo (profiled
 * for bench:images). The first encode, which is the only one for almost every phone photo, skips
 * it; the quality search, which runs only when bytes are short, keeps it.
 */
const jpegOptions = (quality: number, optimiseCoding = true): JpegOptions => ({
  quality,
  progressive: false,
  mozjpeg: false,
  chromaSubsampling: '4:2:0',
  optimiseCoding,
});

/**
 * The downscaling filter. Mitchell-Netravali rather than sharp's default Lanczos-3: it costs about
 * an eighth less of the whole pipeline on a 12 MP phone photo (57 -> 51 ms per photo, measured for
 * bench:images), and it rings less, so a lesion's edge gets no bright or dark halo that was not on
 * the skin. At the reductions phones need (at most about 2.3x, after JPEG shrink-on-load) the two
 * are hard to tell apart by eye.
 */
const RESIZE_KERNEL = 'mitchell';

/** EXIF orientation first, then the size cap, then a white background for transparency, in sRGB. */
function upright(pipeline: Sharp, maxEdgePx: number): Sharp {
  return pipeline
    .rotate()
    .resize({
      width: maxEdgePx,
      height: maxEdgePx,
      fit: 'inside',
      withoutEnlargement: true,
      kernel: RESIZE_KERNEL,
    })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb');
}

/**
 * The best JPEG that fits the byte budget. The first encode runs straight from the decoder at the
 * ceiling quality, so JPEG shrink-on-load applies and a typical phone photo costs one decode and one
 * encode, like a bare sharp call. Only when that misses is the picture decoded once more to raw pixels,
 * which the quality search re-encodes, and which are made smaller if even the floor does not fit.
 */
export async function encodeWithinBudget(source: PixelSource, policy: EncodePolicy): Promise<EncodedJpeg> {
  const first = await upright(source(), policy.maxEdgePx)
    .jpeg(jpegOptions(policy.qualityCeiling, policy.optimiseFirstEncode ?? false))
    .toBuffer({ resolveWithObject: true });
  if (first.data.length <= policy.maxOutputBytes) {
    const { width, height } = first.info;
    return { bytes: first.data, width, height, quality: policy.qualityCeiling, encodes: 1 };
  }

  let raw = await upright(source(), policy.maxEdgePx).raw().toBuffer({ resolveWithObject: true });
  // The first encode had no optimised Huffman tables, so its size only bounds the search's from
  // above: the search starts again at the ceiling, where optimised coding may just fit.
  let known: Array<{ quality: number; bytes: Buffer }> = [];
  let startQuality = policy.qualityCeiling;
  let encodes = 1;
  for (let shrinks = 0; shrinks <= MAX_SHRINKS; shrinks += 1) {
    const { width, height, channels } = raw.info;
    const pixels = raw.data;
    const result = await searchQuality(
      (quality) => sharp(pixels, { raw: { width, height, channels } }).jpeg(jpegOptions(quality)).toBuffer(),
      {
        budget: policy.maxOutputBytes,
        floor: policy.qualityFloor,
        ceiling: policy.qualityCeiling,
        maxEncodes: policy.maxEncodes,
        startQuality,
        known,
      },
    );
    encodes += result.encodes - known.length;
    if (result.fits) return { bytes: result.bytes, width, height, quality: result.quality, encodes };

    // Size scales with area: aim a little under the budget in one step rather than many small ones.
    const step = Math.min(MAX_SHRINK_STEP, 0.95 * Math.sqrt(policy.maxOutputBytes / result.floorSize));
    const nextWidth = Math.max(1, Math.round(width * step));
    const nextHeight = Math.max(1, Math.round(height * step));
    if (Math.max(nextWidth, nextHeight) < MIN_EDGE_PX) break;
    raw = await sharp(pixels, { raw: { width, height, channels } })
      .resize(nextWidth, nextHeight, { fit: 'fill' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    known = [];
    startQuality = policy.qualityFloor;
  }
  throw new Error(`no JPEG under ${policy.maxOutputBytes} bytes even at ${MIN_EDGE_PX} px`);
}
