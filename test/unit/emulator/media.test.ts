import { createHash } from 'node:crypto';
import request from 'supertest';
import { MEDIA_MAX_BYTES } from '../../../src/emulator';
import {
  emulatorKit,
  mediaBody,
  NHI_SYSTEM,
  OTHER_FACILITY,
  SMALL_IMAGE,
  type Kit,
} from './emulator-test-kit';

const IDENTIFIER_MISSING = 'The mandatory Identifier.value with the reference number is missing';

describe('emulator POST /FHIR/Media and Media reads', () => {
  let kit: Kit;
  beforeEach(async () => {
    kit = await emulatorKit();
  });

  it("when a Media like the one UAT accepted is posted, then it answers 201 with ALEX's id, meta, Location and ETag", async () => {
    const response = await kit.post('/FHIR/Media', mediaBody()).expect(201);

    const id: string = response.body.id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(response.body.meta.versionId).toBe(id);
    expect(new Date(response.body.meta.lastUpdated).toISOString()).toBe(response.body.meta.lastUpdated);
    expect(response.headers.location).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:\\d+/fhir/Media/${id}/_history/${id}$`),
    );
    expect(response.headers.etag).toBe(`W/"${id}"`);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(response.body.identifier).toEqual(mediaBody().identifier);
    expect(kit.state.createdResources('Media')).toEqual([response.body]);
  });

  it("when the identifier is missing, then it answers 400 with ALEX's exact business-rule OperationOutcome", async () => {
    const response = await kit.post('/FHIR/Media', mediaBody({ identifier: undefined })).expect(400);

    expect(response.body).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'business-rule', diagnostics: IDENTIFIER_MISSING }],
    });
    expect(kit.state.createdResources()).toEqual([]);
  });

  it('when an identifier has no value, then it answers the same 400', async () => {
    const response = await kit
      .post('/FHIR/Media', mediaBody({ identifier: [{ system: 'https://clinicpro.co.nz/image-id' }] }))
      .expect(400);
    expect(response.body.issue[0].diagnostics).toBe(IDENTIFIER_MISSING);
  });

  it('when the content type is not JPEG, PNG or PDF, then it answers 400 business-rule', async () => {
    const body = mediaBody();
    body.content = { ...body.content, contentType: 'image/gif' };
    const response = await kit.post('/FHIR/Media', body).expect(400);
    expect(response.body.issue[0]).toMatchObject({
      code: 'business-rule',
      diagnostics: expect.stringContaining('image/gif'),
    });
  });

  it('when the decoded image is one byte over 1 MB, then it answers 400, and exactly 1 MB is accepted', async () => {
    const over = mediaBody();
    over.content = { ...over.content, data: Buffer.alloc(MEDIA_MAX_BYTES + 1, 1).toString('base64') };
    const atLimit = mediaBody();
    atLimit.content = { ...atLimit.content, data: Buffer.alloc(MEDIA_MAX_BYTES, 1).toString('base64') };

    const refused = await kit.post('/FHIR/Media', over).expect(400);
    await kit.post('/FHIR/Media', atLimit).expect(201);

    expect(refused.body.issue[0]).toMatchObject({
      code: 'business-rule',
      diagnostics: expect.stringContaining('1048577'),
    });
  });

  it('when the data is not base64, then it answers 400 structure', async () => {
    const body = mediaBody();
    body.content = { ...body.content, data: 'not*base64!' };
    const response = await kit.post('/FHIR/Media', body).expect(400);
    expect(response.body.issue[0].code).toBe('structure');
  });

  it('when content.size or content.hash disagree with the data, then it answers 400; when they agree, 201', async () => {
    const data = SMALL_IMAGE.toString('base64');
    const hash = createHash('sha1').update(SMALL_IMAGE).digest('base64');
    const withMeta = (size: number, sha: string) => {
      const body = mediaBody();
      body.content = { ...body.content, data, size, hash: sha };
      return body;
    };

    await kit.post('/FHIR/Media', withMeta(SMALL_IMAGE.length + 1, hash)).expect(400);
    await kit
      .post('/FHIR/Media', withMeta(SMALL_IMAGE.length, createHash('sha1').update('x').digest('hex')))
      .expect(400);
    await kit.post('/FHIR/Media', withMeta(SMALL_IMAGE.length, hash)).expect(201);
  });

  it('when the Media breaks the FHIR R4 schema, then it answers 400 structure naming the element', async () => {
    const response = await kit
      .post('/FHIR/Media', { ...mediaBody(), status: 42, laterality: 'left' })
      .expect(400);

    expect(response.body.issue[0].code).toBe('structure');
    expect(response.body.issue[0].diagnostics).toContain('/status');
    expect(response.body.issue[0].diagnostics).toContain('/laterality');
  });

  it('when the subject is a Patient of another facility, then it answers 400', async () => {
    const response = await kit.post('/FHIR/Media', mediaBody(), OTHER_FACILITY).expect(400);
    expect(response.body.issue[0].diagnostics).toContain('Media.subject');
  });

  it('when the same identifier is posted twice, then the emulator creates two Media (worst case: ALEX is not known to dedupe)', async () => {
    const first = await kit.post('/FHIR/Media', mediaBody()).expect(201);
    const second = await kit.post('/FHIR/Media', mediaBody()).expect(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(kit.state.createdResources('Media')).toHaveLength(2);
  });

  it('when the body is not JSON or not a Media, then it answers 415 / 400 OperationOutcome', async () => {
    const auth = { Authorization: `Bearer ${kit.token}`, 'mt-facilityid': 'F2N060-E' };
    await request(kit.app)
      .post('/FHIR/Media')
      .set(auth)
      .set('Content-Type', 'text/plain')
      .send('hello')
      .expect(415);
    const malformed = await request(kit.app)
      .post('/FHIR/Media')
      .set(auth)
      .set('Content-Type', 'application/fhir+json')
      .send('{"resourceType":')
      .expect(400);
    expect(malformed.body.resourceType).toBe('OperationOutcome');
    await kit.post('/FHIR/Media', { resourceType: 'Patient' }).expect(400);
  });

  it('when a created Media is read by id, then it is served in its facility only', async () => {
    const created = await kit.post('/FHIR/Media', mediaBody()).expect(201);
    const read = await kit.get(`/FHIR/Media/${created.body.id}`).expect(200);
    expect(read.body).toEqual(created.body);
    expect(read.headers.etag).toBe(`W/"${created.body.id}"`);
    await kit.get(`/FHIR/Media/${created.body.id}`, OTHER_FACILITY).expect(404);
  });

  it("when Media is searched by the chained patient NHI, then the patient's Media come back", async () => {
    const created = await kit.post('/FHIR/Media', mediaBody()).expect(201);

    const found = await kit.get(`/FHIR/Media?patient.identifier=${NHI_SYSTEM}|ZZZ0016`).expect(200);
    const none = await kit.get(`/FHIR/Media?patient.identifier=${NHI_SYSTEM}|ZZZ0024`).expect(200);

    expect(found.body.total).toBe(1);
    expect(found.body.entry[0].resource.id).toBe(created.body.id);
    expect(none.body.entry[0].search.mode).toBe('outcome');
  });

  it('when Media are searched with _count, then pages follow next links and the last page has none', async () => {
    for (const value of ['img-a', 'img-b', 'img-c']) {
      const body = mediaBody({ identifier: [{ system: 'https://clinicpro.co.nz/image-id', value }] });
      await kit.post('/FHIR/Media', body).expect(201);
    }

    const first = await kit.get(`/FHIR/Media?patient.identifier=${NHI_SYSTEM}|ZZZ0016&_count=2`).expect(200);
    const next: string = first.body.link.find((link: fhir4.BundleLink) => link.relation === 'next').url;
    const second = await kit.get(new URL(next).pathname + new URL(next).search).expect(200);

    expect(first.body.total).toBe(3);
    expect(first.body.entry).toHaveLength(2);
    expect(second.body.entry).toHaveLength(1);
    expect(second.body.link.some((link: fhir4.BundleLink) => link.relation === 'next')).toBe(false);
    const values = [...first.body.entry, ...second.body.entry].map(
      (entry: fhir4.BundleEntry) => (entry.resource as fhir4.Media).identifier?.[0].value,
    );
    expect(values.sort()).toEqual(['img-a', 'img-b', 'img-c']);
  });

  it('when the journal records a Media POST, then the base64 data is shortened, not kept whole', async () => {
    const body = mediaBody();
    body.content = { ...body.content, data: Buffer.alloc(4096, 7).toString('base64') };
    await kit.post('/FHIR/Media', body).expect(201);

    const entry = kit.state.journal().find((e) => e.route === 'POST /FHIR/Media');
    const journaled = entry?.body as fhir4.Media;
    expect(journaled.content.data).toBe('[5464 characters]');
    expect(journaled.identifier?.[0].value).toBe('img-0001');
  });
});
