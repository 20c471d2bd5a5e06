import request from 'supertest';
import { startGatewayWithEmulator, type GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { authHeader } from '../../helpers/test-config';

/**
 * QUALITY.md, Safety: ids of any shape in a path or a body get a 4xx in the envelope, never a
 * 500, and never turn into a different request to ALEX than the one intended.
 */
const FACILITY = 'F2N060-E';
const API = '/api/integrations/medtech';

describe('odd ids', () => {
  let h: GatewayWithEmulator;
  let mobileToken: string;
  beforeAll(async () => {
    h = await startGatewayWithEmulator({
      env: { RATE_LIMIT_PER_MINUTE: '100000', MOBILE_RATE_LIMIT_PER_MINUTE: '100000' },
    });
    const started = await request(h.gateway.app)
      .post(`${API}/mobile/initiate`)
      .set(authHeader)
      .send({ encounterId: 'enc-odd', patientId: 'pat-1', facilityId: FACILITY })
      .expect(201);
    mobileToken = new URL(started.body.mobileUploadUrl).searchParams.get('t') ?? '';
  });
  afterAll(() => h.close());

  it.each(['.', '..'])(
    'when the connectivity test names patient id "%s", then 400 and ALEX is not called',
    async (patientId) => {
      const before = h.emulator.state.journal().length;

      const response = await request(h.gateway.app)
        .get(`/api/medtech/test?facilityId=${FACILITY}&patientId=${patientId}`)
        .set(authHeader);

      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'query.patientId' })]);
      expect(h.emulator.state.journal().slice(before)).toEqual([]);
    },
  );

  it.each([
    [
      'a phone session',
      `${API}/mobile/initiate`,
      { encounterId: 'enc-2', patientId: '..', facilityId: FACILITY },
    ],
    [
      'a desktop upload',
      `${API}/attachments/upload-initiate`,
      {
        encounterId: '.',
        patientId: 'pat-1',
        facilityId: FACILITY,
        files: [{ clientRef: 'a', contentType: 'image/jpeg', sizeBytes: 10 }],
      },
    ],
  ])('when %s is started for a dot-only FHIR id, then 400 VALIDATION_FAILED', async (_what, path, body) => {
    const response = await request(h.gateway.app).post(path).set(authHeader).send(body);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  const ODD: Array<[string, string]> = [
    ['an encoded path climb', '..%2F..%2Fstaging'],
    ['a dot segment', '..'],
    ['a store key', 'staging:file:x'],
    ['129 characters', 'x'.repeat(129)],
    ['bad percent-encoding', '%E0%A4%A'],
    ['a NUL byte', '%00'],
    ['an accent', 'caf%C3%A9'],
    ['an emoji', '%F0%9F%98%80'],
  ];

  it.each(ODD)(
    'when %s is the id of every :fileId and :sessionId route, then a 4xx envelope, no-store',
    async (_what, id) => {
      const app = h.gateway.app;
      const phone = { 'x-mobile-token': mobileToken };
      const responses = [
        await request(app).get(`${API}/attachments/${id}/content?facilityId=${FACILITY}`).set(authHeader),
        await request(app).get(`${API}/attachments/${id}/content`).set(phone),
        await request(app).delete(`${API}/attachments/${id}`).set(authHeader),
        await request(app).delete(`${API}/attachments/${id}`).set(phone),
        await request(app)
          .post(`${API}/attachments/uploads/${id}`)
          .set(phone)
          .attach('file', Buffer.from('x'), 'a.jpg'),
        await request(app)
          .post(`${API}/attachments/uploads/${id}`)
          .set(authHeader)
          .attach('file', Buffer.from('x'), 'a.jpg'),
        await request(app).get(`${API}/mobile/sessions/${id}`).set(authHeader),
      ];
      for (const response of responses) {
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.body.error.code).toMatch(/^(VALIDATION_FAILED|FILE_NOT_FOUND|SESSION_NOT_FOUND)$/);
        expect(response.headers['cache-control']).toBe('no-store');
      }
    },
  );
});
