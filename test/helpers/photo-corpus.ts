import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared corpus of real phone photos lives outside the project (../shared/fixtures/photos,
 * or PHOTO_CORPUS). Tests that need it run only when it is there; under REQUIRE_PHOTO_CORPUS=1
 * (set by .ci/run) its absence fails the run instead of skipping.
 */
export const CORPUS_DIR = path.resolve(
  process.env.PHOTO_CORPUS ?? path.join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'photos'),
);

export const corpusPresent = existsSync(path.join(CORPUS_DIR, 'SOURCES.md'));

if (!corpusPresent && process.env.REQUIRE_PHOTO_CORPUS === '1') {
  throw new Error(`REQUIRE_PHOTO_CORPUS=1 but the photo corpus is missing at ${CORPUS_DIR}`);
}

/** Reads one corpus file, e.g. `corpusFile('orientation/Landscape_6.jpg')`. */
export function corpusFile(name: string): Buffer {
  return readFileSync(path.join(CORPUS_DIR, name));
}

export function corpusPath(name: string): string {
  return path.join(CORPUS_DIR, name);
}

/**
 * `describe` when the corpus is present; otherwise the block is reported as skipped by Jest,
 * with a console line saying why, so a run without ../shared is green but honest about it.
 */
export function describeWithCorpus(name: string, body: () => void): void {
  if (corpusPresent) {
    describe(name, body);
    return;
  }
  console.warn(`[photo corpus] SKIPPED "${name}": no corpus at ${CORPUS_DIR} (set PHOTO_CORPUS to run it)`);
  const skipped = describe.skip;
  skipped(`${name} (skipped: photo corpus absent)`, body);
}
