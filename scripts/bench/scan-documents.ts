/**
 * `npm run bench:scan`: the Inbox Scan document figures alone (issue 12; `bench:images` prints
 * them too): PDF render time and size over the corpus photos, TIFF beside them. See scan-section.ts.
 *
 * Usage: tsx scripts/bench/scan-documents.ts [--runs 7]   (PHOTO_CORPUS overrides the corpus location)
 */
import { numberArg } from './bench-tools';
import { requireCorpus } from './corpus';
import { scanDocumentFigures } from './scan-section';

async function main(): Promise<void> {
  requireCorpus();
  await scanDocumentFigures(numberArg('runs', 7));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
