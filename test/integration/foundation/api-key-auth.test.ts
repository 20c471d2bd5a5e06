import request from 'supertest';
import { apiKeyAuth } from '../../../src/middleware/api-key-auth';
import { TEST_API_KEY } from '../../helpers/test-config';
import { expectEnvelope, foundationApp } from './helpers/foundation-app';

const KEY_A = 'rotation-key-a-0000000000000000000000000001';
const KEY_B = 'rotation-key-b-0000000000000000000000000002';

function appWithProtectedRoute(env: Record<string, string> = {}) {
  return foundationApp({
    env,
    routes: (router, { config }) => {
      router.get('/protected', apiKeyAuth(config.auth.apiKeys), (_req, res) => {
        res.json({ ok: true, auth: res.locals.auth as unknown });
      });
    },
  });
}

describe('API key auth', () => {
  it('when no Authorization header is sent, then 401 UNAUTHENTICATED in the envelope', async () => {
    const { app } = appWithProtectedRoute();

    const response = await request(app).get('/api/protected');

    expect(response.status).toBe(401);
    expectEnvelope(response.body, 'UNAUTHENTICATED');
  });

  it.each([
    ['a wrong key', `Bearer ${'x'.repeat(TEST_API_KEY.length)}`],
    ['the right key with a suffix', `Bearer ${TEST_API_KEY}x`],
    ['a prefix of the right key', `Bearer ${TEST_API_KEY.slice(0, -1)}`],
    ['a Basic credential', `Basic ${Buffer.from(`user:${TEST_API_KEY}`).toString('base64')}`],
    ['Bearer with no key', 'Bearer'],
    ['Bearer with only spaces', 'Bearer    '],
    ['the key without a scheme', TEST_API_KEY],
    ['two keys', `Bearer ${TEST_API_KEY} ${TEST_API_KEY}`],
  ])('when the header carries %s, then 401 and the key is not echoed', async (_kind, header) => {
    const { app } = appWithProtectedRoute();

    const response = await request(app).get('/api/protected').set('Authorization', header);

    expect(response.status).toBe(401);
    expectEnvelope(response.body, 'UNAUTHENTICATED');
    expect(response.text).not.toContain(TEST_API_KEY.slice(0, 12));
  });

  it('when the right key is sent, then 200 with a short key id that is not the key', async () => {
    const { app } = appWithProtectedRoute();

    const response = await request(app).get('/api/protected').set('Authorization', `Bearer ${TEST_API_KEY}`);

    expect(response.status).toBe(200);
    expect(response.body.auth).toEqual({ kind: 'apiKey', keyId: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(TEST_API_KEY).not.toContain(response.body.auth.keyId);
  });

  it('when the scheme is written in lower case, then the key is still accepted', async () => {
    const { app } = appWithProtectedRoute();

    const response = await request(app).get('/api/protected').set('Authorization', `bearer ${TEST_API_KEY}`);

    expect(response.status).toBe(200);
  });

  it('when two keys are configured for rotation, then both work and get different key ids', async () => {
    const { app } = appWithProtectedRoute({ GATEWAY_API_KEYS: `${KEY_A}, ${KEY_B}` });

    const a = await request(app).get('/api/protected').set('Authorization', `Bearer ${KEY_A}`);
    const b = await request(app).get('/api/protected').set('Authorization', `Bearer ${KEY_B}`);
    const old = await request(app).get('/api/protected').set('Authorization', `Bearer ${TEST_API_KEY}`);

    expect([a.status, b.status, old.status]).toEqual([200, 200, 401]);
    expect(a.body.auth.keyId).not.toBe(b.body.auth.keyId);
  });
});

describe('the API rate limit per key', () => {
  const env = { GATEWAY_API_KEYS: `${KEY_A},${KEY_B}`, RATE_LIMIT_PER_MINUTE: '2' };

  it('when one key uses up its budget, then the other key from the same address still passes', async () => {
    const { app } = appWithProtectedRoute(env);
    const withKey = (key: string) => request(app).get('/api/protected').set('Authorization', `Bearer ${key}`);

    const first = [(await withKey(KEY_A)).status, (await withKey(KEY_A)).status];
    const limited = await withKey(KEY_A);
    const other = await withKey(KEY_B);

    expect(first).toEqual([200, 200]);
    expect(limited.status).toBe(429);
    expectEnvelope(limited.body, 'RATE_LIMITED');
    expect(other.status).toBe(200);
  });

  it('when a caller invents a new bearer value for every request, then it still shares its address bucket', async () => {
    const { app } = appWithProtectedRoute(env);
    const guess = (n: number) =>
      request(app).get('/api/protected').set('Authorization', `Bearer guess-${n}-000000000000000000000000`);

    const statuses = [];
    for (let n = 0; n < 4; n += 1) statuses.push((await guess(n)).status);

    expect(statuses).toEqual([401, 401, 429, 429]);
  });

  it('when a valid key and an anonymous caller share an address, then their budgets are separate', async () => {
    const { app } = appWithProtectedRoute(env);

    await request(app).get('/api/ping');
    await request(app).get('/api/ping');
    const anonymous = await request(app).get('/api/ping');
    const keyed = await request(app).get('/api/protected').set('Authorization', `Bearer ${KEY_A}`);

    expect(anonymous.status).toBe(429);
    expect(keyed.status).toBe(200);
  });
});
