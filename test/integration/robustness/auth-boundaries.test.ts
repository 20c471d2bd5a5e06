import request from 'supertest';
import {
  ATTACHMENTS,
  FACILITY,
  MOBILE,
  OTHER_FACILITY,
  authHeader,
  buildHarness,
  gpsJpeg,
  phone,
  startSession,
  type Harness,
} from '../sessions/harness';

/**
 * GATEWAY-API.md, "Who calls it": a phone token opens the phone's own routes and nothing else,
 * and an API-key caller naming one practice cannot reach another practice's staged photos.
 */
describe('auth boundaries', () => {
  let h: Harness;
  beforeEach(() => {
    h = buildHarness();
  });
  afterEach(() => h.close());

  describe('when a valid phone token is sent to a route that takes an API key only', () => {
    const routes: Array<[string, 'get' | 'post', string]> = [
      ['capabilities', 'get', '/api/integrations/medtech/capabilities'],
      ['initiate', 'post', `${MOBILE}/initiate`],
      ['commit', 'post', `${ATTACHMENTS}/commit`],
      ['token-info', 'get', '/api/medtech/token-info'],
      ['connectivity test', 'get', `/api/medtech/test?facilityId=${FACILITY}`],
    ];

    it.each(routes)('then %s answers 401, as x-mobile-token or as a bearer', async (_name, method, path) => {
      const started = await startSession(h.app);
      const body = { encounterId: 'enc-9', patientId: 'pat-1', facilityId: FACILITY, files: [] };

      for (const headers of [phone(started.token), { Authorization: `Bearer ${started.token}` }]) {
        const call = request(h.app)[method](path).set(headers);
        const response = method === 'post' ? await call.send(body) : await call;
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('UNAUTHENTICATED');
      }
    });

    it('then the session view answers 401 as a bearer too', async () => {
      const started = await startSession(h.app);

      await request(h.app)
        .get(`${MOBILE}/sessions/${started.sessionId}`)
        .set({ Authorization: `Bearer ${started.token}` })
        .expect(401);
    });
  });

  it('when an API key names another practice, then upload, read and delete of a file are 404 and the file stays', async () => {
    const declared = await request(h.app)
      .post(`${ATTACHMENTS}/upload-initiate`)
      .set(authHeader)
      .send({
        encounterId: 'enc-1',
        patientId: 'pat-1',
        facilityId: FACILITY,
        files: [
          { clientRef: 'd1', contentType: 'image/jpeg', sizeBytes: 5000 },
          { clientRef: 'd2', contentType: 'image/jpeg', sizeBytes: 5000 },
        ],
      })
      .expect(201);
    const [ready, waiting] = declared.body.files as Array<{ fileId: string; uploadUrl: string }>;
    const jpeg = await gpsJpeg(200, 150);
    await request(h.app).post(ready.uploadUrl).set(authHeader).attach('file', jpeg, 'a.jpg').expect(200);
    const other = `facilityId=${OTHER_FACILITY}`;

    const refused = [
      await request(h.app)
        .post(`${waiting.uploadUrl}?${other}`)
        .set(authHeader)
        .attach('file', jpeg, 'b.jpg'),
      await request(h.app).get(`${ATTACHMENTS}/${ready.fileId}/content?${other}`).set(authHeader),
      await request(h.app).delete(`${ATTACHMENTS}/${ready.fileId}?${other}`).set(authHeader),
      await request(h.app).delete(`${ATTACHMENTS}/${ready.fileId}`).set(authHeader).send({
        facilityId: OTHER_FACILITY,
      }),
    ];

    for (const response of refused) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('FILE_NOT_FOUND');
    }
    expect((await h.staging.getFile(ready.fileId))?.status).toBe('ready');
    expect((await h.staging.getFile(waiting.fileId))?.status).toBe('awaiting_upload');
    await request(h.app)
      .get(`${ATTACHMENTS}/${ready.fileId}/content?facilityId=${FACILITY}`)
      .set(authHeader)
      .expect(200);
  });
});
