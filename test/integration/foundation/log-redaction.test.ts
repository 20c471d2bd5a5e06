import request from 'supertest';
import { registerSecret } from '../../../src/logging/redact';
import { foundationApp, settle } from './helpers/foundation-app';

const BEARER = 'SENTINEL-KEY-0000000000000000000000000001';
const COOKIE = 'SENTINEL-COOKIE-2';
const MOBILE_TOKEN = 'SENTINEL-MOBILE-3';
const QUERY_TOKEN = 'SENTINEL-QUERY-4';
const REGISTERED = 'SENTINEL-REGISTERED-CLIENT-SECRET-5';
const NHI = 'ZZZ0016';
const SENTINELS = [BEARER, COOKIE, MOBILE_TOKEN, QUERY_TOKEN, REGISTERED, NHI, 'SENTINEL'];

function appThatLogs() {
  return foundationApp({
    routes: (router, { logger }) => {
      router.get('/lookup/:fileId', (_req, res) => {
        res.json({ ok: true });
      });
      router.get('/explode', () => {
        throw new Error(`token endpoint said invalid_client for ${REGISTERED}`);
      });
      router.get('/log-object', (req, res) => {
        logger.info('token response', {
          access_token: 'SENTINEL-A',
          client_secret: 'SENTINEL-B',
          authorization: 'SENTINEL-C',
          headers: { ...req.headers },
          nested: { deeper: { deepest: { refresh_token: 'SENTINEL-D', note: `patient ${NHI}` } } },
          url: req.originalUrl,
        });
        res.json({ ok: true });
      });
    },
  });
}

/** Sends one request with every kind of credential and identifier a request can carry. */
const withEverything = (test: request.Test) =>
  test
    .set('Authorization', `Bearer ${BEARER}`)
    .set('Cookie', `session=${COOKIE}`)
    .set('x-mobile-token', MOBILE_TOKEN);

describe('log redaction across a request', () => {
  beforeAll(() => registerSecret(REGISTERED));

  it('when a request carries credentials in headers, cookie and query, then no log line holds any of them', async () => {
    const { app, logs } = appThatLogs();

    await withEverything(request(app).get(`/api/lookup/file-1?t=${QUERY_TOKEN}&nhi=${NHI}`));
    await withEverything(request(app).get(`/api/explode?t=${QUERY_TOKEN}&nhi=${NHI}`));
    await withEverything(request(app).get(`/api/log-object?t=${QUERY_TOKEN}&nhi=${NHI}`));
    await withEverything(request(app).get(`/api/no-such-route?t=${QUERY_TOKEN}&nhi=${NHI}`));
    await settle();

    const text = logs.text();
    expect(logs.lines().length).toBe(7);
    for (const sentinel of SENTINELS) expect(text).not.toContain(sentinel);
  });

  it('when an Error holding a registered secret is thrown, then the error line keeps the message with [REDACTED]', async () => {
    const { app, logs } = appThatLogs();

    await request(app).get('/api/explode');

    const line = logs.lines().find((entry) => entry.level === 'error');
    expect(line?.cause).toMatchObject({ message: 'token endpoint said invalid_client for [REDACTED]' });
  });

  it('when a handler logs secret-named keys at any depth, then the line keeps its shape without the values', async () => {
    const { app, logs } = appThatLogs();

    await request(app).get('/api/log-object?t=x');

    const line = logs.lines().find((entry) => entry.message === 'token response') as Record<string, unknown>;
    expect(line).toMatchObject({
      access_token: '[REDACTED]',
      client_secret: '[REDACTED]',
      authorization: '[REDACTED]',
      nested: { deeper: { deepest: { refresh_token: '[REDACTED]', note: 'patient [REDACTED]' } } },
      url: '/api/log-object',
    });
  });
});

describe('the access log line', () => {
  it.each([
    ['a matched route', `/api/lookup/file-1?t=${QUERY_TOKEN}&nhi=${NHI}`, '/api/lookup/:fileId', 200],
    ['a route that throws', `/api/explode?t=${QUERY_TOKEN}`, '/api/explode', 500],
    ['an unknown route', `/api/no-such-route/${NHI}?t=${QUERY_TOKEN}`, '(unmatched)', 404],
  ])(
    'when serving %s, then the route is the template without query string or ids',
    async (_kind, url, route, status) => {
      const { app, logs } = appThatLogs();

      const response = await request(app).get(url);
      await settle();

      const access = logs.lines().filter((line) => line.message === 'request');
      expect(access).toEqual([
        {
          timestamp: expect.any(String),
          level: 'info',
          message: 'request',
          method: 'GET',
          route,
          status,
          durationMs: expect.any(Number),
          correlationId: response.headers['x-correlation-id'],
        },
      ]);
    },
  );
});
