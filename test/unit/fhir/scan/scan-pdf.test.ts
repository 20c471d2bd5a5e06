import { inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { AppError } from '../../../../src/errors';
import { renderScanDocument, scanCaption, SCAN_MAX_BYTES } from '../../../../src/fhir/scan';
import { createImageProcessor } from '../../../../src/services/images';
import { corpusFile, describeWithCorpus } from '../../../helpers/photo-corpus';
import { DEFAULT_LIMITS } from '../../images/image-helpers';
import { CLOSE_UP, FOREARM, LEFT, LESION, noiseJpeg, storedLikeJpeg } from './scan-fixtures';

const CAPTION = scanCaption({
  title: 'Pōtae ā ē ī ō ū lesion',
  bodySite: FOREARM,
  laterality: LEFT,
  view: CLOSE_UP,
  type: LESION,
  capturedAt: new Date('2026-11-30T21:15:00Z'),
  receivedAt: new Date('2026-12-01T01:00:00Z'),
});

/** Every stream in the file whose dictionary has `/Subtype /<subtype>` (or `/Type`), decoded or not. */
function streams(pdf: PDFDocument, test: (dict: PDFDict) => boolean): PDFRawStream[] {
  return pdf.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter((object): object is PDFRawStream => object instanceof PDFRawStream && test(object.dict));
}

const isImage = (dict: PDFDict) => dict.get(PDFName.of('Subtype')) === PDFName.of('Image');

/** The decoded text of every Flate stream that is not an image (content streams, CMaps). */
function decodedTexts(pdf: PDFDocument): string[] {
  return streams(pdf, (dict) => !isImage(dict)).map((stream) => {
    try {
      return inflateSync(Buffer.from(stream.contents)).toString('latin1');
    } catch {
      return '';
    }
  });
}

/** The embedded TrueType program(s), found through each FontDescriptor's FontFile2. */
function fontPrograms(pdf: PDFDocument): PDFRawStream[] {
  return pdf.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter(
      (object): object is PDFDict => object instanceof PDFDict && name(object, 'Type') === '/FontDescriptor',
    )
    .map((descriptor) => pdf.context.lookup(descriptor.get(PDFName.of('FontFile2'))))
    .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream);
}
const name = (dict: PDFDict, key: string) => dict.get(PDFName.of(key))?.toString();

async function renderPdf(picture: { jpeg: Buffer; width: number; height: number }) {
  const content = await renderScanDocument({ ...picture, caption: CAPTION, format: 'pdf' });
  return { content, pdf: await PDFDocument.load(content.bytes, { updateMetadata: false }) };
}

describe('renderScanDocument, PDF', () => {
  it('when rendered, then it is one page holding one DCT image whose bytes are the stored JPEG, unchanged', async () => {
    const picture = await storedLikeJpeg(1200, 900);

    const { content, pdf } = await renderPdf(picture);

    expect(content.contentType).toBe('application/pdf');
    expect(content.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.getPageCount()).toBe(1);
    const images = streams(pdf, isImage);
    expect(images).toHaveLength(1);
    expect(name(images[0].dict, 'Filter')).toBe('/DCTDecode');
    expect(Buffer.from(images[0].contents).equals(picture.jpeg)).toBe(true);
    expect(images[0].dict.get(PDFName.of('Width'))?.toString()).toBe('1200');
    expect(images[0].dict.get(PDFName.of('Height'))?.toString()).toBe('900');
  });

  it('when the photo is landscape or portrait, then the page follows it and the picture keeps its aspect ratio', async () => {
    for (const [width, height] of [
      [1600, 900],
      [900, 1600],
    ]) {
      const { pdf } = await renderPdf(await storedLikeJpeg(width, height));
      const page = pdf.getPage(0);
      const { width: pageWidth, height: pageHeight } = page.getSize();
      expect(pageWidth > pageHeight).toBe(width > height);
      // pdf-lib draws the image as `w 0 0 h 0 0 cm` then `Do`: that scale must keep w/h.
      const drawing = decodedTexts(pdf).join('\n');
      const match = /([\d.]+) 0 0 ([\d.]+) 0 0 cm\s+1 0 0 1 0 0 cm\s+\/Image\S* Do/.exec(drawing);
      expect(match).not.toBeNull();
      expect(Number(match![1]) / Number(match![2])).toBeCloseTo(width / height, 3);
      expect(Number(match![1])).toBeLessThanOrEqual(pageWidth);
    }
  });

  it('when the caption has macrons, then the subset font maps them, so the text can be read and copied', async () => {
    const { pdf } = await renderPdf(await storedLikeJpeg(800, 600));

    const toUnicode = streams(pdf, (dict) => !isImage(dict)).map((stream) => {
      try {
        return inflateSync(Buffer.from(stream.contents)).toString('latin1');
      } catch {
        return '';
      }
    });
    const cmap =
      toUnicode.find((text) => text.includes('beginbfchar') || text.includes('beginbfrange')) ?? '';
    for (const codePoint of ['0101', '0113', '012b', '014d', '016b']) {
      expect(cmap.toLowerCase()).toContain(`<${codePoint}>`);
    }
    const fontFiles = fontPrograms(pdf);
    expect(fontFiles).toHaveLength(1);
    // Subset: a few glyphs, not the 512 KB face.
    expect(fontFiles[0].contents.length).toBeLessThan(40_000);
  });

  it('when rendered, then the Info dictionary names no software, version or person, and there is no XMP', async () => {
    const { pdf, content } = await renderPdf(await storedLikeJpeg(800, 600));

    const producer = pdf.getProducer() ?? '';
    const creator = pdf.getCreator() ?? '';
    expect(`${producer} ${creator}`).not.toMatch(/pdf-lib|fontkit|\d+\.\d+|https?:/i);
    expect(pdf.getAuthor()).toBeUndefined();
    expect(pdf.getKeywords()).toBeUndefined();
    expect(pdf.getTitle()).toBe(CAPTION[0]);
    expect(pdf.catalog.get(PDFName.of('Metadata'))).toBeUndefined();
    expect(content.bytes.toString('latin1')).not.toMatch(/x:xmpmeta|pdf-lib/);
  });

  it('when the same photo and caption are rendered twice, then the bytes are identical (no dates, no random ids)', async () => {
    const picture = await storedLikeJpeg(640, 480);

    const first = await renderScanDocument({ ...picture, caption: CAPTION, format: 'pdf' });
    const second = await renderScanDocument({ ...picture, caption: CAPTION, format: 'pdf' });

    expect(second.bytes.equals(first.bytes)).toBe(true);
  });

  it('when the document would be 8 MB or more, then it is refused with SCAN_TOO_LARGE before anything is sent', async () => {
    const picture = await noiseJpeg(2900, 2900);
    expect(picture.jpeg.length).toBeGreaterThanOrEqual(SCAN_MAX_BYTES);

    const refusal = await renderScanDocument({ ...picture, caption: CAPTION, format: 'pdf' }).catch((e) => e);

    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'SCAN_TOO_LARGE', status: 422, retryable: false });
  });
});

describeWithCorpus('renderScanDocument, PDF, over corpus photos as the pipeline stores them', () => {
  const processor = createImageProcessor({ limits: DEFAULT_LIMITS });
  afterAll(() => processor.close());

  it.each(['HMD_Nokia_8.3_5G.jpg', 'orientation/Portrait_6.jpg', 'iphone_13_pro_max.HEIC'])(
    'when %s is wrapped, then its JPEG is embedded byte for byte and the PDF adds at most 40 KB',
    async (file) => {
      const stored = await processor.process(corpusFile(file));

      const { content, pdf } = await renderPdf({
        jpeg: stored.bytes,
        width: stored.width,
        height: stored.height,
      });

      const [image] = streams(pdf, isImage);
      expect(Buffer.from(image.contents).equals(stored.bytes)).toBe(true);
      expect(content.bytes.length - stored.bytes.length).toBeLessThanOrEqual(40 * 1024);
    },
  );
});
