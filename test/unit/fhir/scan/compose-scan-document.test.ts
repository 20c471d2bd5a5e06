import { validateFhirResource } from '../../../../src/fhir/conformance';
import { composeScanDocument } from '../../../../src/fhir/scan-document';
import { warmUpScanDocuments } from '../../../../src/fhir/scan';
import { FOREARM, LEFT, LESION, storedLikeJpeg } from './scan-fixtures';

const BASE = {
  imageId: 'img-1',
  patientId: '14e52e16edb7a435bfa05e307afd008b',
  providerId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  apiBaseUrl: 'https://alexapiuat.medtechglobal.com/FHIR',
  meta: { title: 'Left forearm lesion', bodySite: FOREARM, laterality: LEFT, type: LESION },
  receivedAt: new Date('2026-12-02T01:00:00Z'),
};

describe('composeScanDocument', () => {
  it('when the photo carried a capture time, then the document is dated by it and is a valid R4 DocumentReference with a PDF', async () => {
    await warmUpScanDocuments();
    const picture = await storedLikeJpeg(400, 300);

    const resource = await composeScanDocument({
      ...BASE,
      format: 'pdf',
      picture,
      capturedAt: new Date('2026-11-30T21:15:00Z'),
    });

    expect(resource.date).toBe('2026-12-01T10:15:00+13:00');
    expect(resource.content[0].attachment).toMatchObject({
      contentType: 'application/pdf',
      title: '2026-12-01 Left forearm lesion.pdf',
    });
    expect(
      Buffer.from(resource.content[0].attachment.data ?? '', 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(validateFhirResource(resource)).toEqual({ valid: true });
  });

  it('when there is no capture time and the format is TIFF, then it is dated by the upload and carries a TIFF', async () => {
    const picture = await storedLikeJpeg(400, 300);

    const resource = await composeScanDocument({ ...BASE, format: 'tiff', picture, capturedAt: null });

    expect(resource.date).toBe('2026-12-02T14:00:00+13:00');
    expect(resource.content[0].attachment).toMatchObject({
      contentType: 'image/tiff',
      title: '2026-12-02 Left forearm lesion.tif',
    });
  });
});
