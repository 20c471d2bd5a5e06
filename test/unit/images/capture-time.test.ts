import sharp from 'sharp';
import { createImageProcessor, type ImageProcessor } from '../../../src/services/images';
import { captureTimeFromExif, exifDateToIso } from '../../../src/services/images/capture-time';
import { DEFAULT_LIMITS, twoToneImage } from './image-helpers';

describe('capturedAt: the capture time read before the metadata is stripped', () => {
  let processor: ImageProcessor;

  beforeAll(() => {
    processor = createImageProcessor({ limits: DEFAULT_LIMITS });
  });

  afterAll(() => processor.close());

  it('when a JPEG carries DateTimeOriginal and OffsetTimeOriginal, then capturedAt is that time in ISO 8601 with its offset', async () => {
    const input = await twoToneImage(64, 48)
      .jpeg()
      .withExif({ IFD2: { DateTimeOriginal: '2026:11:30 14:05:09', OffsetTimeOriginal: '+13:00' } })
      .toBuffer();

    const result = await processor.process(input);

    expect(result.capturedAt).toBe('2026-11-30T14:05:09+13:00');
    // Still stripped from the stored JPEG: it lives only in the result, for the commit record.
    expect((await sharp(result.bytes).metadata()).exif).toBeUndefined();
  });

  it('when a JPEG carries DateTimeOriginal without an offset, then capturedAt is a local time with no offset invented', async () => {
    const input = await twoToneImage(64, 48)
      .jpeg()
      .withExif({ IFD2: { DateTimeOriginal: '2026:01:02 03:04:05' } })
      .toBuffer();

    expect((await processor.process(input)).capturedAt).toBe('2026-01-02T03:04:05');
  });

  it('when a generated photo has no EXIF at all, then capturedAt is null', async () => {
    const input = await twoToneImage(64, 48).png().toBuffer();

    expect((await processor.process(input)).capturedAt).toBeNull();
  });

  it('when the EXIF has a camera make but no DateTimeOriginal, then capturedAt is null', async () => {
    const input = await twoToneImage(64, 48)
      .jpeg()
      .withExif({ IFD0: { Make: 'TestCam' } })
      .toBuffer();

    expect((await processor.process(input)).capturedAt).toBeNull();
  });

  it.each([
    ['0000:00:00 00:00:00', undefined, null],
    ['2026:02:31 10:00:00', undefined, null],
    ['    :  :     :  :  ', undefined, null],
    ['2026:02:28 10:00:00', '+25:00', '2026-02-28T10:00:00'],
    ['2026:02:28 10:00:00', '-03:30', '2026-02-28T10:00:00-03:30'],
  ])('when the EXIF date is %j with offset %j, then it reads as %j', (date, offset, expected) => {
    expect(exifDateToIso(date, offset)).toBe(expected);
  });

  it('when the EXIF block is damaged (pointers past its end), then capturedAt is null instead of an error', () => {
    const broken = Buffer.concat([
      Buffer.from('Exif\0\0II*\0', 'latin1'),
      Buffer.from([0xff, 0xff, 0xff, 0x7f]),
    ]);

    expect(captureTimeFromExif(broken)).toBeNull();
    expect(captureTimeFromExif(Buffer.alloc(3))).toBeNull();
  });
});
