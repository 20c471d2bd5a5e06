import { emulatorKit, mediaBody, ZZZ0016_ID, type Kit } from './emulator-test-kit';
import { SEED } from '../../../src/emulator';

const FORBIDDEN = { code: 'forbidden', diagnostics: 'Authorization failed.' };
const practitionerId = SEED.facilities[0].practitioners[0].id;

describe('emulator Communication, Task, and what ALEX refuses', () => {
  let kit: Kit;
  let mediaId: string;
  beforeEach(async () => {
    kit = await emulatorKit();
    mediaId = (await kit.post('/FHIR/Media', mediaBody()).expect(201)).body.id;
  });

  const communication = (overrides: Partial<fhir4.Communication> = {}): fhir4.Communication => ({
    resourceType: 'Communication',
    status: 'completed',
    subject: { reference: `Patient/${ZZZ0016_ID}` },
    recipient: [{ reference: `Practitioner/${practitionerId}` }],
    payload: [{ contentReference: { reference: `Media/${mediaId}` } }, { contentString: 'Please review' }],
    sent: '2025-11-11T15:00:00+13:00',
    ...overrides,
  });

  const task = (overrides: Partial<fhir4.Task> = {}): fhir4.Task => ({
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    for: { reference: `Patient/${ZZZ0016_ID}` },
    focus: { reference: `Media/${mediaId}` },
    owner: { reference: `Practitioner/${practitionerId}` },
    description: 'Follow up',
    restriction: { period: { end: '2026-12-01' } },
    ...overrides,
  });

  it('when an inbox Communication referencing the Media is posted, then it answers 201 with Location and ETag', async () => {
    const response = await kit.post('/FHIR/Communication', communication()).expect(201);
    expect(response.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers.location).toContain(
      `/fhir/Communication/${response.body.id}/_history/${response.body.id}`,
    );
    expect(kit.state.createdResources('Communication')).toHaveLength(1);
  });

  it('when a Task is posted, then it answers 201 and can be read back', async () => {
    const response = await kit.post('/FHIR/Task', task()).expect(201);
    await kit.get(`/FHIR/Task/${response.body.id}`).expect(200);
  });

  it('when a Communication references a Media that does not exist, then it answers 400', async () => {
    const bad = communication({ payload: [{ contentReference: { reference: 'Media/0000' } }] });
    const response = await kit.post('/FHIR/Communication', bad).expect(400);
    expect(response.body.issue[0].code).toBe('business-rule');
  });

  it('when a Task is owned by an unknown Practitioner, then it answers 400', async () => {
    await kit.post('/FHIR/Task', task({ owner: { reference: 'Practitioner/nobody' } })).expect(400);
  });

  it('when a Task is schema-invalid (a Reference given as a string), then it answers 400 structure', async () => {
    const response = await kit
      .post('/FHIR/Task', { ...task(), owner: `Practitioner/${practitionerId}` })
      .expect(400);
    expect(response.body.issue[0]).toMatchObject({
      code: 'structure',
      diagnostics: expect.stringContaining('/owner'),
    });
  });

  it.each([
    '/FHIR/Media?patient=' + ZZZ0016_ID,
    '/FHIR/Media?subject=Patient/' + ZZZ0016_ID,
    '/FHIR/Media',
    '/FHIR/DocumentReference?subject=Patient/' + ZZZ0016_ID,
    '/FHIR/Task?patient=' + ZZZ0016_ID,
    '/FHIR/Task',
    '/FHIR/Communication?subject=Patient/' + ZZZ0016_ID,
  ])('when the unsupported search %s is made, then it answers 403 Authorization failed.', async (path) => {
    const response = await kit.get(path).expect(403);
    expect(response.body.issue[0]).toMatchObject(FORBIDDEN);
  });

  it.each(['/FHIR/Encounter', '/FHIR/Encounter?patient=x', '/FHIR/Encounter/123'])(
    'when %s is requested, then it answers 404 with the non-FHIR API Management body',
    async (path) => {
      const response = await kit.get(path).expect(404);
      expect(response.body).toEqual({ statusCode: 404, message: 'Resource not found' });
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    },
  );

  it('when Media is PUT or DELETEd, then it answers 404 (Media is create-only)', async () => {
    const response = await kit.get(`/FHIR/Media/${mediaId}`).expect(200);
    expect(response.body.id).toBe(mediaId);
    const { default: request } = await import('supertest');
    await request(kit.app)
      .delete(`/FHIR/Media/${mediaId}`)
      .set('Authorization', `Bearer ${kit.token}`)
      .expect(404);
  });
});
