import { createHash } from 'node:crypto';
import exifr from 'exifr';
import sharp from 'sharp';
import { AppError } from '../../../src/errors';
import { createImageProcessor } from '../../../src/services/images';
import type { ImageProcessor } from '../../../src/services/images';
import {
  DEFAULT_LIMITS,
  fingerprint,
  jpegMarkers,
  meanAbsoluteDifference,
  METADATA_MARKERS,
  noiseImage,
  pngWithDeclaredSize,
  twoToneImage,
} from './image-helpers';

/** Rejects with an AppError of this code and status, or fails the test. */
async function expectAppError(promise: Promise<unknown>, code: string, status: number): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code, status });
  return error as AppError;
}

describe('createImageProcessor with generated images', () => {
  let processor: ImageProcessor;

  beforeAll(() => {
    processor = createImageProcessor({ limits: DEFAULT_LIMITS });
  });

  afterAll(() => processor.close());

  describe('when a JPEG carries EXIF orientation 6, GPS and a camera make', () => {
    let input: Buffer;
    let upright: Buffer;

    beforeAll(async () => {
      upright = await twoToneImage(200, 300).png().toBuffer();
      // Stored sideways, as a phone held upright stores it, with orientation 6 saying "turn 90 degrees clockwise".
      const stored = await sharp(upright).rotate(270).toBuffer();
      input = await sharp(stored)
        .jpeg({ quality: 95 })
        .withMetadata({ orientation: 6 })
        .withExif({
          IFD0: { Make: 'TestCam' },
          IFD3: {
            GPSLatitudeRef: 'S',
            GPSLatitude: '36/1 50/1 0/1',
            GPSLongitudeRef: 'E',
            GPSLongitude: '174/1 45/1 0/1',
          },
        })
        .toBuffer();
    });

    it('then the input really has GPS, Make and orientation 6 (the test is meaningful)', async () => {
      const tags = await exifr.parse(input, true);
      expect(tags).toMatchObject({ Make: 'TestCam', GPSLatitudeRef: 'S' });
      expect(tags.latitude).toBeCloseTo(-36.83, 1);
      expect((await sharp(input).metadata()).orientation).toBe(6);
    });

    it('then the output is rotated upright, with width and height swapped', async () => {
      const result = await processor.process(input);

      expect([result.width, result.height]).toEqual([200, 300]);
      const meta = await sharp(result.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([200, 300]);
      expect(
        meanAbsoluteDifference(await fingerprint(result.bytes), await fingerprint(upright)),
      ).toBeLessThan(8);
    });

    it('then no EXIF, GPS, XMP, IPTC, ICC or comment is left in the output', async () => {
      const { bytes } = await processor.process(input);

      expect(await exifr.parse(bytes, true)).toBeUndefined();
      const meta = await sharp(bytes).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', isProgressive: false, space: 'srgb', channels: 3 });
      expect(meta.exif ?? meta.xmp ?? meta.iptc ?? meta.icc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(jpegMarkers(bytes).filter((m) => METADATA_MARKERS.includes(m))).toEqual([]);
    });

    it('then the output is a baseline JPEG (SOF0, never progressive SOF2) and the hash matches its bytes', async () => {
      const result = await processor.process(input);

      expect(result.bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect(jpegMarkers(result.bytes)).toContain('C0');
      expect(jpegMarkers(result.bytes)).not.toContain('C2');
      expect(result.sha256).toBe(createHash('sha256').update(result.bytes).digest('hex'));
      expect(result).toMatchObject({
        contentType: 'image/jpeg',
        originalType: 'image/jpeg',
        originalBytes: input.length,
      });
    });
  });

  it('when the photo is larger than the edge limit, then its longest edge becomes exactly the limit', async () => {
    const input = await twoToneImage(4000, 3000).jpeg().toBuffer();

    const result = await processor.process(input);

    expect([result.width, result.height]).toEqual([2048, 1536]);
    expect(result.quality).toBe(92);
  });

  it('when the photo is smaller than the edge limit, then it is never enlarged', async () => {
    const result = await processor.process(await twoToneImage(640, 480).png().toBuffer());

    expect([result.width, result.height]).toEqual([640, 480]);
    expect(result.originalType).toBe('image/png');
  });

  it('when noise cannot fit a small budget at any quality, then it is made smaller until it fits', async () => {
    const small = createImageProcessor({ limits: { ...DEFAULT_LIMITS, maxOutputBytes: 50_000 } });
    const input = await noiseImage(1200, 900).png().toBuffer();

    const result = await small.process(input).finally(() => small.close());

    expect(result.bytes.length).toBeLessThanOrEqual(50_000);
    expect(result.width).toBeLessThan(1200);
    expect(result.width / result.height).toBeCloseTo(4 / 3, 1);
    expect(result.quality).toBeGreaterThanOrEqual(60);
    expect((await sharp(result.bytes).metadata()).format).toBe('jpeg');
  });

  it('when the ceiling quality misses but a lower one fits, then it picks a quality near the best that fits', async () => {
    const input = await noiseImage(400, 300, 7).png().toBuffer();
    const sizeAt = async (quality: number) =>
      (
        await sharp(input)
          .jpeg({ quality, progressive: false, mozjpeg: false, chromaSubsampling: '4:2:0' })
          .toBuffer()
      ).length;
    const budget = Math.round(((await sizeAt(60)) + (await sizeAt(92))) / 2);
    const tight = createImageProcessor({ limits: { ...DEFAULT_LIMITS, maxOutputBytes: budget } });

    const result = await tight.process(input).finally(() => tight.close());

    expect(result.bytes.length).toBeLessThanOrEqual(budget);
    expect([result.width, result.height]).toEqual([400, 300]);
    expect(result.quality).toBeGreaterThan(60);
    expect(result.quality).toBeLessThan(92);
    expect(await sizeAt(result.quality + 3)).toBeGreaterThan(budget);
  });

  it('when a PNG header declares 100,000 x 100,000 pixels, then it is refused from the header without decoding', async () => {
    const bomb = pngWithDeclaredSize(
      100_000,
      100_000,
      Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
    );
    const rssBefore = process.memoryUsage().rss;

    const error = await expectAppError(processor.process(bomb), 'IMAGE_UNREADABLE', 422);

    // The message is the pixel-limit one, not a decoder failure: nothing was decoded.
    expect(error.message).toMatch(/too large to process: it has 10[,.]?000 megapixels/);
    expect(error.details[0].problem).toContain('100000 x 100000');
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('when a real photo has more pixels than the configured limit, then it is refused with 422', async () => {
    const strict = createImageProcessor({ limits: { ...DEFAULT_LIMITS, maxInputPixels: 1_000_000 } });
    const input = await twoToneImage(1500, 1000).jpeg().toBuffer();

    await expectAppError(
      strict.process(input).finally(() => strict.close()),
      'IMAGE_UNREADABLE',
      422,
    );
  });

  it.each([
    [
      'PDF',
      async () =>
        Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF'),
    ],
    [
      'HTML',
      async () => Buffer.from('<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>'),
    ],
    [
      'SVG',
      async () =>
        Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100"/></svg>',
        ),
    ],
    ['GIF', () => twoToneImage(40, 30).gif().toBuffer()],
    ['TIFF', () => twoToneImage(40, 30).tiff().toBuffer()],
    ['plain text', async () => Buffer.from('this is not a photo')],
  ])(
    'when the bytes are %s, then it is refused with 415 whatever the caller claimed',
    async (_name, make) => {
      await expectAppError(processor.process(await make()), 'UNSUPPORTED_MEDIA_TYPE', 415);
    },
  );

  it('when the upload is empty, then it is refused as unreadable (422), like a cut-off upload', async () => {
    const error = await expectAppError(processor.process(Buffer.alloc(0)), 'IMAGE_UNREADABLE', 422);
    expect(error.message).toMatch(/empty/);
  });

  it('when a JPEG is cut off part way, then it is refused with 422 instead of stored half grey', async () => {
    const whole = await noiseImage(600, 400).jpeg({ quality: 90 }).toBuffer();

    await expectAppError(
      processor.process(whole.subarray(0, Math.round(whole.length * 0.6))),
      'IMAGE_UNREADABLE',
      422,
    );
  });

  it('when the bytes start like a JPEG but the rest is junk, then it is refused with 422', async () => {
    const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);

    await expectAppError(processor.process(junk), 'IMAGE_UNREADABLE', 422);
  });

  it.each([
    ['WebP', 'image/webp', () => twoToneImage(300, 200).webp().toBuffer()],
    ['AVIF (AV1 in HEIF)', 'image/avif', () => twoToneImage(300, 200).avif().toBuffer()],
  ])('when the photo is %s, then it is accepted and converted to JPEG', async (_name, type, make) => {
    const result = await processor.process(await make());

    expect(result.originalType).toBe(type);
    expect([result.width, result.height]).toEqual([300, 200]);
    expect((await sharp(result.bytes).metadata()).format).toBe('jpeg');
  });

  it('when a PNG has transparency, then the transparent parts become white, not black', async () => {
    const input = await sharp({
      create: { width: 50, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();

    const { bytes } = await processor.process(input);

    const pixel = await sharp(bytes).extract({ left: 25, top: 25, width: 1, height: 1 }).raw().toBuffer();
    expect([...pixel].every((v) => v > 245)).toBe(true);
  });

  it('when a JPEG is tagged Display P3, then its colours are converted to sRGB and the profile dropped', async () => {
    const srgbOrange = { r: 200, g: 100, b: 50 };
    const input = await sharp({ create: { width: 64, height: 64, channels: 3, background: srgbOrange } })
      .withIccProfile('p3')
      .jpeg({ quality: 100 })
      .toBuffer();
    const stored = await sharp(input, { ignoreIcc: true })
      .extract({ left: 32, top: 32, width: 1, height: 1 })
      .raw()
      .toBuffer();
    expect(Math.abs(stored[0] - 200) + Math.abs(stored[2] - 50)).toBeGreaterThan(12); // the P3 numbers differ

    const { bytes } = await processor.process(input);

    const meta = await sharp(bytes).metadata();
    expect(meta.icc).toBeUndefined();
    const out = await sharp(bytes).extract({ left: 32, top: 32, width: 1, height: 1 }).raw().toBuffer();
    expect(Math.abs(out[0] - 200)).toBeLessThanOrEqual(4);
    expect(Math.abs(out[1] - 100)).toBeLessThanOrEqual(4);
    expect(Math.abs(out[2] - 50)).toBeLessThanOrEqual(4);
  });

  it('when a JPEG is CMYK, then the output is a 3-channel sRGB JPEG', async () => {
    const input = await twoToneImage(120, 80).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(input).metadata()).space).toBe('cmyk');

    const { bytes } = await processor.process(input);

    expect(await sharp(bytes).metadata()).toMatchObject({ space: 'srgb', channels: 3 });
  });

  describe('thumbnail', () => {
    it('when asked for the default, then the result is a JPEG of at most 320 px on its longest edge', async () => {
      const processed = await processor.process(await twoToneImage(3000, 2000).jpeg().toBuffer());

      const thumb = await processor.thumbnail(processed.bytes);

      const meta = await sharp(thumb).metadata();
      expect(meta.format).toBe('jpeg');
      expect(Math.max(meta.width as number, meta.height as number)).toBe(320);
      expect(meta.width).toBeGreaterThan(meta.height as number);
    });

    it('when the picture is already small, then the thumbnail is not enlarged', async () => {
      const small = await twoToneImage(100, 60).jpeg().toBuffer();

      const meta = await sharp(await processor.thumbnail(small, 320)).metadata();

      expect([meta.width, meta.height]).toEqual([100, 60]);
    });

    it('when given something that is not an image, then it is refused with 415', async () => {
      await expectAppError(processor.thumbnail(Buffer.from('<svg/>')), 'UNSUPPORTED_MEDIA_TYPE', 415);
    });
  });

  describe('the processing queue', () => {
    it('when more images arrive than run and wait, then the extra ones are refused with 429 and a Retry-After', async () => {
      const busy = createImageProcessor({ limits: DEFAULT_LIMITS, concurrency: 1, queueLimit: 1 });
      const input = await noiseImage(1500, 1000).jpeg().toBuffer();

      const results = await Promise.allSettled([
        busy.process(input),
        busy.process(input),
        busy.process(input),
      ]);
      await busy.close();

      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      const refused = (results[2] as PromiseRejectedResult).reason;
      expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 5 });
    });

    it('when the earlier images have finished, then new ones are admitted again', async () => {
      const busy = createImageProcessor({ limits: DEFAULT_LIMITS, concurrency: 1, queueLimit: 0 });
      const input = await twoToneImage(200, 100).jpeg().toBuffer();

      await busy.process(input);
      const second = await busy.process(input);
      await busy.close();

      expect(second.width).toBe(200);
    });

    it('when the processor is closed, then further images are refused as service unavailable', async () => {
      const closing = createImageProcessor({ limits: DEFAULT_LIMITS });
      await closing.close();

      await expectAppError(
        closing.process(await twoToneImage(20, 20).jpeg().toBuffer()),
        'SERVICE_UNAVAILABLE',
        503,
      );
    });
  });
});
