import sharp from 'sharp';
import { AppError } from '../../../src/errors';
import { createImageProcessor, type ImageProcessor } from '../../../src/services/images';
import {
  cutWithEndMarker,
  DEFAULT_LIMITS,
  jpegClaimingSize,
  noiseImage,
  oneBitPng,
  twoToneImage,
} from './image-helpers';

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => error,
  );

describe('damaged images are refused, never stored half grey (guarantee 7)', () => {
  let processor: ImageProcessor;
  let photoLike: Buffer;

  beforeAll(async () => {
    processor = createImageProcessor({ limits: DEFAULT_LIMITS });
    // Noise keeps the entropy-coded data long, like a phone photo's, so 60 % is mid-picture.
    photoLike = await noiseImage(1200, 900).jpeg({ quality: 90 }).toBuffer();
  });

  afterAll(() => processor.close());

  it('when the undamaged generated JPEG is processed, then it is accepted (the cases below mean something)', async () => {
    await expect(processor.process(photoLike)).resolves.toMatchObject({ width: 1200, height: 900 });
  });

  it('when a JPEG is cut at 60 % and an end-of-image marker is appended, then it is refused with 422 IMAGE_UNREADABLE', async () => {
    const error = await refusal(processor.process(cutWithEndMarker(photoLike, 0.6)));

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE', status: 422 });
  });

  it('when a 16x16 JPEG claims 7745x7745 in its SOF header, then it is refused with 422 instead of stored mostly grey', async () => {
    const small = await twoToneImage(16, 16).jpeg().toBuffer();
    const lying = jpegClaimingSize(small, 7745, 7745);
    expect(await sharp(lying).metadata()).toMatchObject({ width: 7745, height: 7745 });

    const error = await refusal(processor.process(lying));

    expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE', status: 422 });
  });

  it.each([0.3, 0.6, 0.9])(
    'when a PNG is cut at %p of its bytes, then it is refused with 422',
    async (fraction) => {
      const png = await noiseImage(300, 200).png().toBuffer();

      const error = await refusal(processor.process(png.subarray(0, Math.floor(png.length * fraction))));

      expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE', status: 422 });
    },
  );

  it.each([0.3, 0.6, 0.9])(
    'when a WebP is cut at %p of its bytes, then it is refused with 422',
    async (fraction) => {
      const webp = await noiseImage(300, 200).webp({ quality: 90 }).toBuffer();

      const error = await refusal(processor.process(webp.subarray(0, Math.floor(webp.length * fraction))));

      expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE', status: 422 });
    },
  );

  it('when a processed JPEG given to thumbnail() is cut short with an end marker, then it is refused with 422', async () => {
    const error = await refusal(processor.thumbnail(cutWithEndMarker(photoLike, 0.6)));

    expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE', status: 422 });
  });
});

describe('IMAGE_MAX_INPUT_EDGE_PX: a thin giant is refused before decoding', () => {
  let processor: ImageProcessor;

  beforeAll(() => {
    processor = createImageProcessor({ limits: DEFAULT_LIMITS });
  });

  afterAll(() => processor.close());

  it('when a 59,999,999 x 1 1-bit PNG (a few KB, under the pixel limit) arrives, then it is refused with 422 naming the side limit', async () => {
    const thin = oneBitPng(59_999_999, 1);
    expect(thin.length).toBeLessThan(20_000);
    expect(await sharp(thin, { limitInputPixels: false }).metadata()).toMatchObject({
      format: 'png',
      width: 59_999_999,
      height: 1,
    });
    expect(59_999_999 * 1).toBeLessThan(DEFAULT_LIMITS.maxInputPixels);
    const rssBefore = process.memoryUsage.rss();

    const error = await refusal(processor.process(thin));

    expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE', status: 422 });
    expect((error as AppError).message).toMatch(/no side may be longer than 16,384/);
    expect((error as AppError).details).toEqual([
      { path: 'file', problem: 'a side of 59999999 pixels exceeds 16384' },
    ]);
    // Refused from the header: decoding it would have cost hundreds of MB.
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('when a picture is exactly at the side limit, then it is accepted', async () => {
    const atLimit = oneBitPng(16_384, 2);

    await expect(processor.process(atLimit)).resolves.toMatchObject({ width: 2048 });
  });

  it('when the limit is configured lower, then a 1-pixel-longer side is refused', async () => {
    const strict = createImageProcessor({ limits: { ...DEFAULT_LIMITS, maxInputEdgePx: 1000 } });
    try {
      const error = await refusal(strict.process(oneBitPng(1001, 10)));
      expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE' });
      await expect(strict.process(oneBitPng(1000, 10))).resolves.toMatchObject({ width: 1000 });
    } finally {
      await strict.close();
    }
  });
});
