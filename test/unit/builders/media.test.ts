import { createHash } from 'node:crypto';
import { buildMedia, bodySiteText } from '../../../src/fhir/builders/media';
import { buildCommunication, buildTask } from '../../../src/fhir/builders/follow-ups';
import { FHIR_URLS } from '../../../src/fhir/builders/fhir-urls';

const forearm = { system: 'http://snomed.info/sct', code: '14975008', display: 'Forearm' };
const left = { system: 'http://snomed.info/sct', code: '7771000', display: 'Left' };
const notApplicable = { system: 'http://snomed.info/sct', code: '385432009', display: 'Not applicable' };
const closeUp = {
  system: 'https://clinicpro.co.nz/fhir/CodeSystem/image-view',
  code: 'close-up',
  display: 'Close-up',
};
const lesion = {
  system: 'https://clinicpro.co.nz/fhir/CodeSystem/image-type',
  code: 'lesion',
  display: 'Lesion',
};
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);

function media(meta = {}) {
  return buildMedia({
    imageId: 'img-1',
    patientId: 'p1',
    encounterId: 'enc-1',
    createdDateTime: '2025-11-11T15:00:00+13:00',
    jpeg,
    width: 640,
    height: 480,
    meta,
  });
}

describe('buildMedia', () => {
  it('when all metadata is given, then the Media carries it in the R4 elements and ClinicPro extensions', () => {
    const resource = media({
      title: 'Left forearm lesion',
      bodySite: forearm,
      laterality: left,
      view: closeUp,
      type: lesion,
    });
    expect(resource.identifier).toEqual([{ system: FHIR_URLS.imageIdentifier, value: 'img-1' }]);
    expect(resource.subject).toEqual({ reference: 'Patient/p1' });
    expect(resource.encounter).toEqual({ reference: 'Encounter/enc-1' });
    expect(resource.bodySite?.coding).toEqual([forearm]);
    expect(resource.bodySite?.text).toBe('Left forearm');
    expect(resource.bodySite?.extension).toEqual([
      { url: FHIR_URLS.lateralityExtension, valueCodeableConcept: { coding: [left] } },
    ]);
    expect(resource.view?.coding).toEqual([closeUp]);
    expect(resource.extension?.[0]).toEqual({
      url: FHIR_URLS.imageTypeExtension,
      valueCodeableConcept: { coding: [lesion], text: 'Lesion' },
    });
    expect(resource.type?.coding?.[0].code).toBe('image');
  });

  it('when built, then content holds the exact bytes with their size and base64 SHA-1 hash', () => {
    const resource = media();
    expect(Buffer.from(resource.content.data ?? '', 'base64').equals(jpeg)).toBe(true);
    expect(resource.content.size).toBe(jpeg.length);
    expect(resource.content.hash).toBe(createHash('sha1').update(jpeg).digest('base64'));
    expect(resource.content.contentType).toBe('image/jpeg');
    expect(resource.content.creation).toBe('2025-11-11T15:00:00+13:00');
    expect([resource.width, resource.height]).toEqual([640, 480]);
  });

  it('when no title is given, then a readable one is made from the site and type', () => {
    expect(media({ bodySite: forearm, laterality: left, type: lesion }).content.title).toBe(
      'Left forearm lesion',
    );
    expect(media().content.title).toBe('Clinical photo');
  });

  it('when laterality is not applicable, then the body site text is the site alone', () => {
    expect(bodySiteText(forearm, notApplicable)).toBe('Forearm');
  });

  it('when optional metadata is absent, then no empty elements are sent', () => {
    const resource = media();
    expect(resource).not.toHaveProperty('bodySite');
    expect(resource).not.toHaveProperty('view');
    expect(resource).not.toHaveProperty('extension');
    expect(resource).not.toHaveProperty('note');
  });
});

describe('follow-up builders', () => {
  const input = {
    imageId: 'img-1',
    patientId: 'p1',
    mediaId: 'm1',
    providerId: 'prov',
    at: '2025-11-11T15:00:00+13:00',
  };

  it('when an inbox message is built, then it references the Media and goes to the recipient', () => {
    const communication = buildCommunication(input, 'doc-2', 'Please review');
    expect(communication.status).toBe('completed');
    expect(communication.recipient).toEqual([{ reference: 'Practitioner/doc-2' }]);
    expect(communication.payload).toEqual([
      { contentReference: { reference: 'Media/m1' } },
      { contentString: 'Please review' },
    ]);
    expect(communication.identifier?.[0].value).toBe('img-1:inbox');
  });

  it('when a task is built, then it is a requested order for the assignee with the due date', () => {
    const task = buildTask(input, 'nurse-1', { due: '2026-12-01', note: 'Follow up' });
    expect(task).toMatchObject({
      status: 'requested',
      intent: 'order',
      for: { reference: 'Patient/p1' },
      focus: { reference: 'Media/m1' },
      owner: { reference: 'Practitioner/nurse-1' },
      description: 'Follow up',
      restriction: { period: { end: '2026-12-01' } },
    });
  });
});
