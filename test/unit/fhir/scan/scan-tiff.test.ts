import exifr from 'exifr';
import sharp from 'sharp';
import { AppError } from '../../../../src/errors';
import { renderScanDocument, scanCaption, SCAN_MAX_BYTES } from '../../../../src/fhir/scan';
import { createImageProcessor } from '../../../../src/services/images';
import { corpusFile, describeWithCorpus } from '../../../helpers/photo-corpus';
import { DEFAULT_LIMITS } from '../../images/image-helpers';
import { CLOSE_UP, FOREARM, LEFT, LESION, noiseJpeg, storedLikeJpeg } from './scan-fixtures';
import { firstIfdTags, TIFF_TAG } from './tiff-tags';

const CAPTION = scanCaption({
  title: 'Left forearm lesion <ā ē ī ō ū> & more',
  bodySite: FOREARM,
  laterality: LEFT,
  view: CLOSE_UP,
  type: LESION,
  capturedAt: null,
  receivedAt: new Date('2026-12-01T01:00:00Z'),
});
const PHOTOMETRIC_RGB = 2;
const COMPRESSION_JPEG = 7;
const RESOLUTION_UNIT_INCH = 2;

async function renderTiff(picture: { jpeg: Buffer; width: number; height: number }) {
  return renderScanDocument({ ...picture, caption: CAPTION, format: 'tiff' });
}

describe('renderScanDocument, TIFF', () => {
  it('when rendered, then it is an RGB (not YCbCr) JPEG-compressed TIFF tagged 300 DPI', async () => {
    const content = await renderTiff(await storedLikeJpeg(1200, 900));

    expect(content.contentType).toBe('image/tiff');
    const tags = firstIfdTags(content.bytes);
    expect(tags.get(TIFF_TAG.photometric)).toBe(PHOTOMETRIC_RGB);
    expect(tags.get(TIFF_TAG.compression)).toBe(COMPRESSION_JPEG);
    expect(tags.get(TIFF_TAG.resolutionUnit)).toBe(RESOLUTION_UNIT_INCH);
    const metadata = await sharp(content.bytes).metadata();
    expect(metadata).toMatchObject({
      format: 'tiff',
      space: 'srgb',
      channels: 3,
      density: 300,
      resolutionUnit: 'inch',
    });
  });

  it('when rendered, then it carries no EXIF, GPS, XMP, IPTC or ICC metadata', async () => {
    const content = await renderTiff(await storedLikeJpeg(800, 600));

    const tags = firstIfdTags(content.bytes);
    for (const tag of [
      TIFF_TAG.exifIfd,
      TIFF_TAG.gpsIfd,
      TIFF_TAG.xmp,
      TIFF_TAG.iptc,
      TIFF_TAG.photoshop,
      TIFF_TAG.icc,
    ]) {
      expect({ tag, present: tags.has(tag) }).toEqual({ tag, present: false });
    }
    const metadata = await sharp(content.bytes).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(
      await exifr.parse(content.bytes, { tiff: false, exif: true, gps: true, xmp: true }),
    ).toBeUndefined();
  });

  it('when decoded, then it is the picture at its own size with the caption band under it, drawn in dark text on white', async () => {
    const picture = await storedLikeJpeg(1000, 700);

    const content = await renderTiff(picture);

    const { data, info } = await sharp(content.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(1000);
    expect(info.height).toBeGreaterThan(700 + 3 * 16);
    // The top rows are the photo: the gradient's red channel rises left to right.
    const pixel = (x: number, y: number) => data[(y * info.width + x) * info.channels];
    expect(pixel(900, 10) - pixel(50, 10)).toBeGreaterThan(150);
    // The band under it is white with some dark glyph pixels.
    const band = [] as number[];
    for (let y = 701; y < info.height; y += 1) for (let x = 0; x < info.width; x += 1) band.push(pixel(x, y));
    expect(band.filter((value) => value > 240).length / band.length).toBeGreaterThan(0.8);
    expect(band.some((value) => value < 80)).toBe(true);
  });

  it('when the TIFF would be 8 MB or more, then it is refused with SCAN_TOO_LARGE', async () => {
    const picture = await noiseJpeg(2600, 2600);

    const refusal = await renderTiff(picture).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'SCAN_TOO_LARGE', status: 422 });
    expect((refusal as AppError).details[0].problem).toContain(String(SCAN_MAX_BYTES));
  });
});

describeWithCorpus('renderScanDocument, TIFF, over a corpus photo as the pipeline stores it', () => {
  const processor = createImageProcessor({ limits: DEFAULT_LIMITS });
  afterAll(() => processor.close());

  it('when a 2048 px phone photo is converted, then it stays RGB at 300 DPI and well under 8 MB', async () => {
    const stored = await processor.process(corpusFile('HMD_Nokia_8.3_5G.jpg'));

    const content = await renderTiff({ jpeg: stored.bytes, width: stored.width, height: stored.height });

    const metadata = await sharp(content.bytes).metadata();
    expect(metadata).toMatchObject({ width: stored.width, space: 'srgb', density: 300 });
    expect(firstIfdTags(content.bytes).get(TIFF_TAG.photometric)).toBe(PHOTOMETRIC_RGB);
    expect(content.bytes.length).toBeLessThan(SCAN_MAX_BYTES);
  });
});
