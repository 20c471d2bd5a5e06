import request from 'supertest';
import { foundationApp } from './helpers/foundation-app';

function appWithFailingRoute() {
  return foundationApp({
    routes: (router) => {
      router.get('/fail', () => {
        throw new Error('boom');
      });
    },
  });
}

describe('security headers', () => {
  it.each([
    ['a 200 API answer', '/api/ping', 200],
    ['a 404 API answer', '/api/nothing-here', 404],
    ['a 500 API answer', '/api/fail', 500],
    ['a 404 outside the API', '/nothing-here', 404],
    ['a health check', '/health/live', 200],
  ])(
    'when the response is %s, then helmet headers are present and X-Powered-By is not',
    async (_kind, path, status) => {
      const { app } = appWithFailingRoute();

      const response = await request(app).get(path);

      expect(response.status).toBe(status);
      expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000; includeSubDomains/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers).not.toHaveProperty('x-powered-by');
    },
  );

  it.each([
    ['a 200', '/api/ping', 200],
    ['a 404', '/api/nothing-here', 404],
    ['a 500', '/api/fail', 500],
  ])('when an API response is %s, then it is Cache-Control: no-store', async (_kind, path, status) => {
    const { app } = appWithFailingRoute();

    const response = await request(app).get(path);

    expect(response.status).toBe(status);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('when an API request is rate limited, then the 429 is no-store too', async () => {
    const { app } = foundationApp({ env: { RATE_LIMIT_PER_MINUTE: '1' } });

    await request(app).get('/api/ping');
    const response = await request(app).get('/api/ping');

    expect(response.status).toBe(429);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('when not in production, then the CSP does not force https (the phone page works on a LAN address)', async () => {
    const { app } = foundationApp();

    const response = await request(app).get('/api/ping');

    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('when in production, then the CSP upgrades insecure requests', async () => {
    const { app } = foundationApp({
      env: {
        NODE_ENV: 'production',
        MEDTECH_CLIENT_ID: 'id',
        MEDTECH_CLIENT_SECRET: 'secret-value',
        MEDTECH_TENANT_ID: 'tenant',
        MEDTECH_API_SCOPE: 'scope',
        METRICS_TOKEN: 'metrics-token-00000000000000000000000001',
      },
    });

    const response = await request(app).get('/api/ping');

    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});
