import request from 'supertest';
import { TEST_API_KEY } from '../../helpers/test-config';
import { foundationApp } from './helpers/foundation-app';

const LEAKY = 'SENTINEL redis://:SENTINEL-PASSWORD@10.0.0.5:6379 refused';

describe('health endpoints', () => {
  it('when the process serves requests, then /health/live is 200 {status:"ok"} without any credential', async () => {
    const { app } = foundationApp();

    const response = await request(app).get('/health/live');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('when every check is ok, then /health/ready is 200 with each check', async () => {
    const { app, readiness } = foundationApp();
    readiness.add('token', async () => ({ ok: true, expiresInSeconds: 3000 }));
    readiness.add('store', async () => ({ ok: true }));

    const response = await request(app).get('/health/ready');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      checks: { token: { ok: true, expiresInSeconds: 3000 }, store: { ok: true } },
    });
  });

  it('when a check returns ok:false, then /health/ready is 503 degraded', async () => {
    const { app, readiness } = foundationApp();
    readiness.add('token', async () => ({ ok: true }));
    readiness.add('store', async () => ({ ok: false }));

    const response = await request(app).get('/health/ready');

    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      status: 'degraded',
      checks: { token: { ok: true }, store: { ok: false } },
    });
  });

  it('when a check throws, then /health/ready is 503 degraded and the error text never leaks', async () => {
    const { app, readiness, logs } = foundationApp();
    readiness.add('store', async () => {
      throw new Error(LEAKY);
    });

    const response = await request(app).get('/health/ready');

    expect(response.status).toBe(503);
    expect(response.body.status).toBe('degraded');
    expect(response.body.checks.store.ok).toBe(false);
    expect(response.text).not.toContain('SENTINEL');
    expect(logs.text()).not.toContain('SENTINEL-PASSWORD');
  });

  it('when a check hangs, then /health/ready answers 503 after the 3 s check timeout', async () => {
    const { app, readiness } = foundationApp();
    readiness.add('alex', () => new Promise(() => undefined));
    readiness.add('store', async () => ({ ok: true }));

    const response = await request(app).get('/health/ready');

    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      status: 'degraded',
      checks: { alex: { ok: false, error: 'timeout' }, store: { ok: true } },
    });
  }, 10_000);

  it('when an API key is sent to a health endpoint, then it is neither needed nor echoed', async () => {
    const { app } = foundationApp();

    const response = await request(app).get('/health/ready').set('Authorization', `Bearer ${TEST_API_KEY}`);

    expect(response.status).toBe(200);
    expect(response.text).not.toContain(TEST_API_KEY);
  });
});
