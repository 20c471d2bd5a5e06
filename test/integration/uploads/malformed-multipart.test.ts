import request from 'supertest';
import {
  ATTACHMENTS,
  buildHarness,
  declareFromPhone,
  phone,
  startSession,
  type Harness,
} from '../sessions/harness';

describe('a malformed multipart upload', () => {
  let h: Harness;
  beforeAll(() => {
    h = buildHarness();
  });
  afterAll(() => h.close());

  it('when the body ends before its closing boundary, then 400 VALIDATION_FAILED and the file can still be uploaded', async () => {
    const session = await startSession(h.app, 'enc-malformed');
    const [file] = await declareFromPhone(h.app, session.token, [{ clientRef: 'a' }]);
    const truncated =
      '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff';

    const response = await request(h.app)
      .post(`${ATTACHMENTS}/uploads/${file.fileId}`)
      .set(phone(session.token))
      .set('Content-Type', 'multipart/form-data; boundary=XyZ')
      .send(truncated);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect((await h.staging.getFile(file.fileId))?.status).toBe('awaiting_upload');
  });
});
