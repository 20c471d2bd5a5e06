/**
 * What the benchmarks share: where the photo corpus is (../shared/fixtures/photos beside the
 * project, or PHOTO_CORPUS), the gateway's default image limits, and the small statistics helpers.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const CORPUS = path.resolve(
  process.env.PHOTO_CORPUS ?? path.join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'photos'),
);

/** CONFIG.md's defaults for the image limits, as the gateway runs. */
export const LIMITS = { maxInputPixels: 60_000_000, maxOutputBytes: 1_048_576, maxEdgePx: 2048 };

/** The corpus photos the benchmarks use, by kind (SOURCES.md says where each comes from). */
export const PHONE_JPEGS = ['HMD_Nokia_8.3_5G.jpg', 'iphone_hdr_YES.jpg', 'jolla.jpg'];
export const SMALL_JPEGS = ['DSCN0010.jpg', 'image00971.jpg'];
export const IPHONE_HEICS = ['iphone_13_pro_max.HEIC', 'IMG_5195.HEIC'];

/** Fails with a clear message when the corpus is not there: a benchmark without it measures nothing. */
export function requireCorpus(): void {
  if (!existsSync(path.join(CORPUS, 'SOURCES.md'))) {
    throw new Error(`no photo corpus at ${CORPUS} (set PHOTO_CORPUS)`);
  }
}

export const read = (name: string): Buffer => readFileSync(path.join(CORPUS, name));
export const now = (): number => Number(process.hrtime.bigint()) / 1e6;
export const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const pad = (value: unknown, width: number): string => String(value).padStart(width);
