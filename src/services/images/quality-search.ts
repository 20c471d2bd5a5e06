/**
 * Finds the highest JPEG quality whose output fits a byte budget, in few encodes.
 *
 * JPEG size grows roughly exponentially with quality between 60 and 92 (about 3.5 % per step on
 * phone photos), so guesses interpolate log(size) between the best fitting and the lowest failing
 * quality seen so far, instead of bisecting blindly. The floor is always tried before giving up,
 * so the caller knows whether shrinking the picture is the only way left.
 */

export interface QualitySearchOptions {
  budget: number;
  floor: number;
  ceiling: number;
  /** Encodes allowed, counting any `known` result the caller already paid for. */
  maxEncodes: number;
  /** The quality of the first encode when nothing is known yet. */
  startQuality: number;
  /** Encodes already done (e.g. the first pass straight from the decoder). */
  known?: Array<{ quality: number; bytes: Buffer }>;
}

export type QualitySearchResult =
  | { fits: true; quality: number; bytes: Buffer; encodes: number }
  | { fits: false; floorSize: number; encodes: number };

/** Log-size slope per quality step, used only until two points allow interpolation. */
const LOG_SIZE_PER_QUALITY = 0.035;

interface Point {
  quality: number;
  size: number;
}

function nextGuess(
  best: Point | undefined,
  fail: Point | undefined,
  o: QualitySearchOptions,
  lastTry: boolean,
) {
  const target = Math.log(o.budget);
  if (best && fail) {
    const slope = (Math.log(fail.size) - Math.log(best.size)) / (fail.quality - best.quality);
    const guess = best.quality + (slope > 0 ? (target - Math.log(best.size)) / slope : 1);
    return Math.min(fail.quality - 1, Math.max(best.quality + 1, Math.floor(guess)));
  }
  if (fail) {
    if (lastTry) return o.floor;
    // Aim a step low: a fitting guess narrows the bracket from below at once.
    const guess = fail.quality - (Math.log(fail.size) - target) / LOG_SIZE_PER_QUALITY - 1;
    return Math.min(fail.quality - 1, Math.max(o.floor, Math.floor(guess)));
  }
  if (best) {
    const guess = best.quality + (target - Math.log(best.size)) / LOG_SIZE_PER_QUALITY;
    return Math.min(o.ceiling, Math.max(best.quality + 1, Math.floor(guess)));
  }
  return o.startQuality;
}

/** Runs the search; `encode(quality)` must be deterministic and larger for higher quality. */
export async function searchQuality(
  encode: (quality: number) => Promise<Buffer>,
  options: QualitySearchOptions,
): Promise<QualitySearchResult> {
  let best: (Point & { bytes: Buffer }) | undefined;
  let fail: Point | undefined;
  let encodes = 0;
  const record = (quality: number, bytes: Buffer): void => {
    encodes += 1;
    if (bytes.length <= options.budget) {
      if (!best || quality > best.quality) best = { quality, size: bytes.length, bytes };
    } else if (!fail || quality < fail.quality) {
      fail = { quality, size: bytes.length };
    }
  };
  for (const done of options.known ?? []) record(done.quality, done.bytes);

  for (;;) {
    const floorFailed = fail !== undefined && fail.quality <= options.floor;
    if (best && (best.quality >= options.ceiling || (fail && fail.quality - best.quality <= 1))) break;
    if (floorFailed) break;
    // Past the encode budget, carry on only to learn whether the floor fits.
    if (encodes >= options.maxEncodes && best) break;
    const lastTry = !best && encodes >= options.maxEncodes - 1;
    const quality = nextGuess(best, fail, options, lastTry);
    record(quality, await encode(quality));
  }
  if (best) return { fits: true, quality: best.quality, bytes: best.bytes, encodes };
  return { fits: false, floorSize: fail?.size ?? 0, encodes };
}
