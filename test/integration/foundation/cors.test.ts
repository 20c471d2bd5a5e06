import request from 'supertest';
import { foundationApp } from './helpers/foundation-app';

const ORIGINS = 'https://app.clinicpro.co.nz,https://phone.example';

describe('CORS', () => {
  it.each(['https://app.clinicpro.co.nz', 'https://phone.example'])(
    'when an allowed origin (%s) calls, then Access-Control-Allow-Origin is exactly that origin',
    async (origin) => {
      const { app } = foundationApp({ env: { CORS_ORIGINS: ORIGINS } });

      const response = await request(app).get('/api/ping').set('Origin', origin);

      expect(response.status).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBe(origin);
      expect(response.headers.vary).toMatch(/Origin/);
      expect(response.headers['access-control-expose-headers']).toMatch(/X-Correlation-Id/i);
    },
  );

  it('when an allowed origin sends a preflight, then x-mobile-token and the methods are allowed', async () => {
    const { app } = foundationApp({ env: { CORS_ORIGINS: ORIGINS } });

    const response = await request(app)
      .options('/api/integrations/medtech/attachments/uploads/abc')
      .set('Origin', 'https://phone.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'x-mobile-token, content-type');

    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('https://phone.example');
    expect(response.headers['access-control-allow-headers'].toLowerCase()).toContain('x-mobile-token');
    expect(response.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(response.headers['access-control-allow-methods']).toMatch(/DELETE/);
  });

  it('when a foreign origin calls, then there are no CORS headers at all', async () => {
    const { app } = foundationApp({ env: { CORS_ORIGINS: ORIGINS } });

    const response = await request(app).get('/api/ping').set('Origin', 'https://evil.example');

    const corsHeaders = Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));
    expect(corsHeaders).toEqual([]);
  });

  it('when a foreign origin sends a preflight, then nothing is allowed', async () => {
    const { app } = foundationApp({ env: { CORS_ORIGINS: ORIGINS } });

    const response = await request(app)
      .options('/api/ping')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'x-mobile-token');

    expect(response.headers).not.toHaveProperty('access-control-allow-origin');
    expect(response.headers).not.toHaveProperty('access-control-allow-headers');
  });

  it.each([
    ['a look-alike suffix', 'https://app.clinicpro.co.nz.evil.example'],
    ['another scheme', 'http://app.clinicpro.co.nz'],
    ['the null origin', 'null'],
    ['a wildcard', '*'],
  ])('when the origin is %s, then it is not allowed', async (_kind, origin) => {
    const { app } = foundationApp({ env: { CORS_ORIGINS: ORIGINS } });

    const response = await request(app).get('/api/ping').set('Origin', origin);

    expect(response.headers).not.toHaveProperty('access-control-allow-origin');
  });

  it('when CORS_ORIGINS was written with a trailing slash, then the browser origin still matches', async () => {
    const { app } = foundationApp({ env: { CORS_ORIGINS: 'https://phone.example/' } });

    const response = await request(app).get('/api/ping').set('Origin', 'https://phone.example');

    expect(response.headers['access-control-allow-origin']).toBe('https://phone.example');
  });

  it('when CORS_ORIGINS is empty, then no origin is ever allowed, and never "*"', async () => {
    const { app } = foundationApp({ env: { CORS_ORIGINS: '' } });

    const response = await request(app).get('/api/ping').set('Origin', 'https://app.clinicpro.co.nz');

    expect(response.headers).not.toHaveProperty('access-control-allow-origin');
  });

  it('when an allowed origin gets an error, then the CORS headers are still there so the page can read it', async () => {
    const { app } = foundationApp({ env: { CORS_ORIGINS: ORIGINS } });

    const response = await request(app).get('/api/nothing-here').set('Origin', 'https://phone.example');

    expect(response.status).toBe(404);
    expect(response.headers['access-control-allow-origin']).toBe('https://phone.example');
  });
});
