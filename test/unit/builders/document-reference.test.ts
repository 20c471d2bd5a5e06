import { validateFhirResource } from '../../../src/fhir/conformance';
import { alexResourceUrl } from '../../../src/fhir/builders/alex-urls';
import { buildScanDocument, scanFileName } from '../../../src/fhir/builders/document-reference';
import { renderScanDocument, scanCaption } from '../../../src/fhir/scan';
import { CLOSE_UP, FOREARM, LEFT, LESION, storedLikeJpeg } from '../fhir/scan/scan-fixtures';

const UAT = 'https://alexapiuat.medtechglobal.com/FHIR';
const PRODUCTION = 'https://alexapi.medtechglobal.com/FHIR';
const PATIENT = '14e52e16edb7a435bfa05e307afd008b';
const PROVIDER = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
// 10:15 on 1 December 2026 in Auckland (NZDT, +13:00).
const TAKEN = new Date('2026-11-30T21:15:00Z');
const PDF = { contentType: 'application/pdf' as const, bytes: Buffer.from('%PDF-1.7 tiny') };
const META = {
  title: 'Left forearm lesion',
  bodySite: FOREARM,
  laterality: LEFT,
  view: CLOSE_UP,
  type: LESION,
};

function build(overrides: Partial<Parameters<typeof buildScanDocument>[0]> = {}) {
  return buildScanDocument({
    imageId: 'img-7f3a',
    patientId: PATIENT,
    providerId: PROVIDER,
    apiBaseUrl: UAT,
    date: TAKEN,
    meta: META,
    document: PDF,
    ...overrides,
  });
}

describe('buildScanDocument', () => {
  it('when built, then it is exactly the "ALEX Scanned Document" of ALEX.md section 7', () => {
    expect(build()).toEqual({
      resourceType: 'DocumentReference',
      identifier: [{ system: 'https://clinicpro.co.nz/image-id', value: 'img-7f3a' }],
      status: 'current',
      type: { coding: [{ system: 'http://loinc.org', code: '72170-4', display: 'Photographic image' }] },
      subject: { reference: `https://alexapiuat.medtechglobal.com/fhir/Patient/${PATIENT}` },
      date: '2026-12-01T10:15:00+13:00',
      author: [{ reference: `https://alexapiuat.medtechglobal.com/fhir/Practitioner/${PROVIDER}` }],
      description: 'Left forearm lesion (clinical photo)',
      content: [
        {
          attachment: {
            contentType: 'application/pdf',
            data: PDF.bytes.toString('base64'),
            title: '2026-12-01 Left forearm lesion.pdf',
          },
        },
      ],
    });
  });

  it('when ALEX is production, then subject and author are absolute lower-case /fhir/ URLs on the production host', () => {
    const resource = build({ apiBaseUrl: PRODUCTION });

    expect(resource.subject?.reference).toBe(`https://alexapi.medtechglobal.com/fhir/Patient/${PATIENT}`);
    expect(resource.author?.[0].reference).toBe(
      `https://alexapi.medtechglobal.com/fhir/Practitioner/${PROVIDER}`,
    );
  });

  it('when the base URL has a trailing slash or is the emulator, then the URL is still absolute with /fhir/', () => {
    expect(build({ apiBaseUrl: `${UAT}/` }).subject?.reference).toBe(
      `https://alexapiuat.medtechglobal.com/fhir/Patient/${PATIENT}`,
    );
    expect(build({ apiBaseUrl: 'http://127.0.0.1:4010/FHIR' }).subject?.reference).toBe(
      `http://127.0.0.1:4010/fhir/Patient/${PATIENT}`,
    );
  });

  it.each([null, undefined, ''])(
    'when no provider is known (%p), then there is no author at all',
    (providerId) => {
      expect(build({ providerId })).not.toHaveProperty('author');
    },
  );

  it('when the photo was taken in NZ winter, then the date carries +12:00 and the file name the NZ day', () => {
    const winter = new Date('2026-06-30T12:30:00Z');

    const resource = build({ date: winter });

    expect(resource.date).toBe('2026-07-01T00:30:00+12:00');
    expect(resource.content[0].attachment.title).toBe('2026-07-01 Left forearm lesion.pdf');
  });

  it('when the document is a TIFF, then the attachment says image/tiff and the file name ends .tif', () => {
    const tiff = { contentType: 'image/tiff' as const, bytes: Buffer.from('II*\0') };

    const { attachment } = build({ document: tiff }).content[0];

    expect(attachment.contentType).toBe('image/tiff');
    expect(attachment.title).toBe('2026-12-01 Left forearm lesion.tif');
  });

  it('when no title was given, then description and file name are made from site and type, or say "Clinical photo"', () => {
    const named = build({ meta: { bodySite: FOREARM, laterality: LEFT, type: LESION } });
    const bare = build({ meta: {} });

    expect(named.description).toBe('Left forearm lesion (clinical photo)');
    expect(bare.description).toBe('Clinical photo');
    expect(bare.content[0].attachment.title).toBe('2026-12-01 Clinical photo.pdf');
  });

  it('when the title has macrons or characters a file name cannot hold, then the description keeps them and the file name drops the unsafe ones', () => {
    const resource = build({ meta: { title: 'Pōtae / ā ē ī ō ū: "left"?' } });

    expect(resource.description).toBe('Pōtae / ā ē ī ō ū: "left"? (clinical photo)');
    expect(resource.content[0].attachment.title).toBe('2026-12-01 Pōtae ā ē ī ō ū left.pdf');
  });

  it('when the identifier is built twice for the same file, then it is the same value', () => {
    expect(build().identifier).toEqual(build().identifier);
  });

  it('when a real rendered PDF is wrapped, then the resource conforms to the FHIR R4 schema', async () => {
    const picture = await storedLikeJpeg(320, 240);
    const caption = scanCaption({ ...META, capturedAt: TAKEN, receivedAt: TAKEN });
    const document = await renderScanDocument({ ...picture, caption, format: 'pdf' });

    const resource = build({ document });

    expect(validateFhirResource(resource)).toEqual({ valid: true });
    expect(Buffer.from(resource.content[0].attachment.data ?? '', 'base64').equals(document.bytes)).toBe(
      true,
    );
  });

  it('when built with and without an author, then both conform to the FHIR R4 schema', () => {
    expect(validateFhirResource(build())).toEqual({ valid: true });
    expect(validateFhirResource(build({ providerId: null }))).toEqual({ valid: true });
  });
});

describe('scanFileName and alexResourceUrl', () => {
  it('when the title is very long, then the file name is cut and still ends with its extension', () => {
    const name = scanFileName(TAKEN, 'x'.repeat(300), 'application/pdf');

    expect(name).toMatch(/^2026-12-01 x{80}\.pdf$/);
  });

  it('when the id holds URL-special characters, then they are escaped, not turned into a path', () => {
    expect(alexResourceUrl(UAT, 'Patient', 'a/b')).toBe(
      'https://alexapiuat.medtechglobal.com/fhir/Patient/a%2Fb',
    );
  });
});
