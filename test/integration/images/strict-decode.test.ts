import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createImageProcessor, type ImageProcessor } from '../../../src/services/images';
import { CORPUS_DIR, corpusFile, describeWithCorpus } from '../../helpers/photo-corpus';
import { cutWithEndMarker, DEFAULT_LIMITS, jpegClaimingSize } from '../../unit/images/image-helpers';

/** Every photo in the corpus, found by listing it, so a photo added later is covered too. */
function wholeCorpus(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(path.join(CORPUS_DIR, dir), { withFileTypes: true }).flatMap((entry) => {
      const name = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) return walk(name);
      return /\.(jpe?g|png|webp|hei[cf]|avif)$/i.test(entry.name) ? [name] : [];
    });
  return walk('');
}

/** The corpus's own damaged upload: SOURCES.md says it must be refused. */
const DAMAGED_IN_CORPUS = new Set(['corrupted.jpg']);

describeWithCorpus('strict decoding over the whole photo corpus', () => {
  let processor: ImageProcessor;
  const photos = wholeCorpus();

  beforeAll(() => {
    processor = createImageProcessor({ limits: DEFAULT_LIMITS });
  });

  afterAll(() => processor.close());

  it('when the corpus is listed, then it holds the phone JPEGs, HEICs and orientation set (the test covers something)', () => {
    expect(photos.length).toBeGreaterThanOrEqual(18);
    expect(photos).toEqual(
      expect.arrayContaining(['jolla.jpg', 'IMG_5195.HEIC', 'orientation/Portrait_6.jpg']),
    );
  });

  it('when every real photo of the corpus is processed with failOn warning, then every one is accepted', async () => {
    const refused: string[] = [];
    for (const name of photos.filter((photo) => !DAMAGED_IN_CORPUS.has(photo))) {
      await processor.process(corpusFile(name)).catch((error: unknown) => {
        refused.push(`${name}: ${String((error as Error).cause ?? error)}`);
      });
    }

    expect(refused).toEqual([]);
  }, 120_000);

  it('when corrupted.jpg is processed, then it is refused with 422', async () => {
    await expect(processor.process(corpusFile('corrupted.jpg'))).rejects.toMatchObject({
      code: 'IMAGE_UNREADABLE',
    });
  });

  it.each(['jolla.jpg', 'HMD_Nokia_8.3_5G.jpg', 'iphone_hdr_YES.jpg'])(
    'when %s is cut at 60 %% with an end-of-image marker appended, then it is refused with 422, not stored half grey',
    async (name) => {
      const damaged = cutWithEndMarker(corpusFile(name), 0.6);

      await expect(processor.process(damaged)).rejects.toMatchObject({
        code: 'IMAGE_UNREADABLE',
        status: 422,
      });
    },
  );

  it('when DSCN0010.jpg has its header rewritten to claim 7745x7745, then it is refused with 422', async () => {
    const damaged = jpegClaimingSize(corpusFile('DSCN0010.jpg'), 7745, 7745);

    await expect(processor.process(damaged)).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
  });

  it.each([
    ['HMD_Nokia_8.3_5G.jpg', '2022-08-14T14:12:31+03:00'],
    ['DSCN0010.jpg', '2008-10-22T16:28:39'],
    ['IMG_5195.HEIC', '2021-04-11T15:47:53-05:00'],
    ['orientation/Landscape_1.jpg', null],
  ])(
    'when %s is processed, then capturedAt is %p (EXIF DateTimeOriginal, read before stripping)',
    async (name, expected) => {
      expect((await processor.process(corpusFile(name))).capturedAt).toBe(expected);
    },
  );
});
