import exifr from 'exifr';
import sharp, { type Sharp } from 'sharp';
import { AppError } from '../../../src/errors';
import { createImageProcessor, type ImageProcessor, type ProcessedImage } from '../../../src/services/images';
import { findHeifConvert } from '../../../src/services/images/heif-convert';
import { createHeicPool } from '../../../src/services/images/heic-pool';
import { corpusFile, describeWithCorpus } from '../../helpers/photo-corpus';
import {
  DEFAULT_LIMITS,
  fingerprint,
  jpegMarkers,
  meanAbsoluteDifference,
  METADATA_MARKERS,
} from '../../unit/images/image-helpers';

const PHOTOS = [
  'DSCN0010.jpg',
  'HMD_Nokia_8.3_5G.jpg',
  'iphone_hdr_YES.jpg',
  'jolla.jpg',
  'image00971.jpg',
  'iphone_13_pro_max.HEIC',
  'IMG_5195.HEIC',
  'HMD_Nokia_8.3_5G.heif',
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => `orientation/Landscape_${n}.jpg`),
  'orientation/Portrait_6.jpg',
];

/** A wrong rotation or mirror of the orientation examples differs by 50+ grey levels on average; upright ones by < 1. */
const UPRIGHT_THRESHOLD = 8;

/**
 * Both HEVC decoders must give the same upright pictures: the WebAssembly worker pool always, and
 * Debian's heif-convert where libheif-examples is installed (.ci/run and the VM install it).
 */
const HEIC_DECODERS: Array<'wasm' | 'heif-convert'> = [
  'wasm',
  ...(findHeifConvert() ? ['heif-convert' as const] : []),
];
if (HEIC_DECODERS.length === 1) {
  console.warn('[heif-convert] not installed: the corpus runs on the wasm HEIC decoder only');
}

describe.each(HEIC_DECODERS)('with the %s HEIC decoder', (heicDecoder) => {
  describeWithCorpus('image pipeline on the real photo corpus', () => {
    let processor: ImageProcessor;
    const results = new Map<string, ProcessedImage>();

    beforeAll(async () => {
      processor = createImageProcessor({ limits: DEFAULT_LIMITS, heicDecoder });
      // Sequential on purpose: the HEIC files take about a second each and the pool has one worker.
      for (const name of PHOTOS) results.set(name, await processor.process(corpusFile(name)));
    }, 120_000);

    afterAll(() => processor.close());

    it.each(PHOTOS)(
      'when %s is processed, then a clean baseline JPEG within every limit comes out',
      async (name) => {
        const result = results.get(name) as ProcessedImage;
        const meta = await sharp(result.bytes).metadata();

        expect(result.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
        expect(meta).toMatchObject({
          format: 'jpeg',
          isProgressive: false,
          width: result.width,
          height: result.height,
        });
        expect(jpegMarkers(result.bytes)).toContain('C0');
        expect(result.bytes.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxOutputBytes);
        expect(Math.max(result.width, result.height)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxEdgePx);
        expect(result.originalBytes).toBe(corpusFile(name).length);
      },
    );

    it.each(PHOTOS)('when %s is processed, then no EXIF, GPS, XMP, IPTC or ICC survives', async (name) => {
      const { bytes } = results.get(name) as ProcessedImage;
      const meta = await sharp(bytes).metadata();

      expect(await exifr.parse(bytes, true)).toBeUndefined();
      expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();
      expect([meta.exif, meta.xmp, meta.iptc, meta.icc]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(jpegMarkers(bytes).filter((m) => METADATA_MARKERS.includes(m))).toEqual([]);
    });

    it('when the phone photos with GPS are checked before processing, then their GPS is really there (the test above means something)', async () => {
      for (const name of ['DSCN0010.jpg', 'iphone_hdr_YES.jpg', 'HMD_Nokia_8.3_5G.jpg', 'IMG_5195.HEIC']) {
        expect(await exifr.gps(corpusFile(name))).toMatchObject({ latitude: expect.any(Number) });
      }
    });

    it('when a photo is smaller than the edge limit (DSCN0010, 640x480), then it keeps its size', () => {
      expect(results.get('DSCN0010.jpg')).toMatchObject({
        width: 640,
        height: 480,
        originalType: 'image/jpeg',
      });
    });

    it('when a large phone photo is processed, then the longest edge is scaled to the limit', () => {
      expect(results.get('HMD_Nokia_8.3_5G.jpg')).toMatchObject({ width: 2048, height: 878 });
      expect(results.get('iphone_hdr_YES.jpg')).toMatchObject({ width: 2048, height: 1536 });
    });

    it.each([0, 2, 3, 4, 5, 6, 7, 8])(
      'when Landscape_%d is processed, then it looks like Landscape_1 (upright, not mirrored)',
      async (n) => {
        const reference = await fingerprint(
          (results.get('orientation/Landscape_1.jpg') as ProcessedImage).bytes,
        );
        const result = results.get(`orientation/Landscape_${n}.jpg`) as ProcessedImage;

        expect([result.width, result.height]).toEqual([1800, 1200]);
        expect(meanAbsoluteDifference(await fingerprint(result.bytes), reference)).toBeLessThan(
          UPRIGHT_THRESHOLD,
        );
      },
    );

    it.each([
      ['mirrored', (s: Sharp) => s.flop()],
      ['upside down', (s: Sharp) => s.rotate(180)],
      ['flipped', (s: Sharp) => s.flip()],
    ])(
      'when Landscape_1 is %s on purpose, then the comparison exceeds the threshold (it discriminates)',
      async (_name, spoil) => {
        const upright = (results.get('orientation/Landscape_1.jpg') as ProcessedImage).bytes;
        const spoiled = await spoil(sharp(upright)).toBuffer();

        expect(
          meanAbsoluteDifference(await fingerprint(spoiled), await fingerprint(upright)),
        ).toBeGreaterThan(UPRIGHT_THRESHOLD * 3);
      },
    );

    it('when Portrait_6 is processed, then it comes out portrait', () => {
      expect(results.get('orientation/Portrait_6.jpg')).toMatchObject({ width: 1200, height: 1800 });
    });

    it('when the iPhone 13 HEIC (EXIF orientation 6, irot 270) is processed, then it is upright portrait, rotated once, not twice', () => {
      const result = results.get('iphone_13_pro_max.HEIC') as ProcessedImage;
      expect(result).toMatchObject({ originalType: 'image/heic', width: 1536, height: 2048 });
    });

    it('when the other HEIC and the Nokia HEIF are processed, then they decode at full size, scaled to the limit', () => {
      expect(results.get('IMG_5195.HEIC')).toMatchObject({
        originalType: 'image/heic',
        width: 1586,
        height: 2048,
      });
      expect(results.get('HMD_Nokia_8.3_5G.heif')).toMatchObject({
        originalType: 'image/heic',
        width: 1536,
        height: 2048,
      });
    });

    it('when the iPhone 13 HEIC is processed, then it is not a flat or half-grey picture', async () => {
      const stats = await sharp((results.get('iphone_13_pro_max.HEIC') as ProcessedImage).bytes).stats();
      expect(stats.channels.every((channel) => channel.stdev > 20)).toBe(true);
    });

    it('when image00971.jpg with malformed EXIF is processed, then it still comes out at its own size', () => {
      expect(results.get('image00971.jpg')).toMatchObject({ width: 636, height: 227 });
    });

    it('when corrupted.jpg (a cut-off upload) is processed, then it is refused with 422 IMAGE_UNREADABLE', async () => {
      const error = await processor.process(corpusFile('corrupted.jpg')).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE', status: 422 });
    });

    it('when a HEIC is cut off mid-file, then it is refused with 422 instead of decoded with blank tiles', async () => {
      const whole = corpusFile('iphone_13_pro_max.HEIC');

      const error = await processor.process(whole.subarray(0, 1_000_000)).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE', status: 422 });
    });

    it('when a HEIC is decoding, then the event loop keeps turning (decoding runs in a worker thread)', async () => {
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 10);

      await processor.process(corpusFile('IMG_5195.HEIC')).finally(() => clearInterval(timer));

      // A decode on the main thread would block for hundreds of milliseconds with no tick at all.
      expect(ticks).toBeGreaterThan(5);
    });
  });
});

describeWithCorpus('HEIC worker pool on real HEIC files', () => {
  it('when two HEICs are decoded in turn, then one worker is reused and the pixels arrive upright at full size', async () => {
    const pool = createHeicPool({ size: 1 });
    try {
      const limit = { maxPixels: 60_000_000 };
      const first = await pool.decode(corpusFile('iphone_13_pro_max.HEIC'), {
        width: 3024,
        height: 4032,
        ...limit,
      });
      const second = await pool.decode(corpusFile('IMG_5195.HEIC'), { width: 2566, height: 3313, ...limit });

      expect([first.width, first.height, first.data.length]).toEqual([3024, 4032, 3024 * 4032 * 4]);
      expect([second.width, second.height]).toEqual([2566, 3313]);
      expect(pool.workerCount).toBe(1);
    } finally {
      await pool.close();
    }
  }, 90_000);
});

describeWithCorpus('HEIC worker pool limits on real HEIC files', () => {
  it('when the primary image is larger than the pixel limit, then the worker refuses to decode it', async () => {
    const pool = createHeicPool({ size: 1 });
    try {
      const decoding = pool.decode(corpusFile('iphone_13_pro_max.HEIC'), {
        width: 3024,
        height: 4032,
        maxPixels: 1_000_000,
      });

      const error = await decoding.catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE' });
      expect(String((error as AppError).cause)).toMatch(/larger than the pixel limit/);
    } finally {
      await pool.close();
    }
  });
});
