import request from 'supertest';
import { createRedisStore } from '../../../src/stores/redis-store';
import type { KeyValueStore } from '../../../src/stores/types';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../stores/redis-helpers';
import {
  MOBILE,
  authHeader,
  buildHarness,
  declareFromPhone,
  gpsJpeg,
  phone,
  startSession,
  type Harness,
} from '../sessions/harness';

/** Two gateway processes as PM2 cluster mode runs them: separate apps, one shared Redis. */
describe('two gateway instances sharing Redis (STORE=redis)', () => {
  const prefix = uniquePrefix();
  let stores: KeyValueStore[];
  let first: Harness;
  let second: Harness;

  beforeAll(() => {
    stores = [0, 1].map(() => createRedisStore({ url: REDIS_URL, keyPrefix: prefix }));
    const env = { STORE: 'redis', REDIS_URL };
    first = buildHarness({ env, store: stores[0] });
    second = buildHarness({ env, store: stores[1] });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    for (const store of stores) await store.close();
    await deletePrefix(prefix);
  });

  it('when a session starts on one instance and the phone uploads through the other, then the first sees it ready', async () => {
    const started = await startSession(first.app);
    const opened = await request(second.app).get(`${MOBILE}/session`).set(phone(started.token)).expect(200);
    expect(opened.body.state).toBe('opened');

    const [file] = await declareFromPhone(second.app, started.token, [{ clientRef: 'p1' }]);
    const uploaded = await request(second.app)
      .post(file.uploadUrl)
      .set(phone(started.token))
      .attach('file', await gpsJpeg(640, 480), 'photo.jpg')
      .expect(200);

    const view = await request(first.app)
      .get(`${MOBILE}/sessions/${started.sessionId}`)
      .set(authHeader)
      .expect(200);
    expect(view.body.state).toBe('uploading');
    expect(view.body.files).toEqual([
      expect.objectContaining({ fileId: file.fileId, status: 'ready', sha256: uploaded.body.sha256 }),
    ]);
    const content = await request(first.app)
      .get(view.body.files[0].previewUrl)
      .set(authHeader)
      .buffer(true)
      .expect(200);
    expect((content.body as Buffer).length).toBe(uploaded.body.sizeBytes);

    // A second upload through the first instance is refused: the state is shared, not per process.
    await request(first.app)
      .post(file.uploadUrl)
      .set(phone(started.token))
      .attach('file', await gpsJpeg(640, 480), 'photo.jpg')
      .expect(409);
  });

  it('when a new QR code is made on one instance, then the old token is revoked on the other', async () => {
    const old = await startSession(first.app, 'enc-shared');
    await startSession(second.app, 'enc-shared');
    const refused = await request(first.app).get(`${MOBILE}/session`).set(phone(old.token)).expect(410);
    expect(refused.body.error.code).toBe('SESSION_REVOKED');
  });
});
