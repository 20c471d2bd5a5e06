import request from 'supertest';
import { registerSecret } from '../../../src/logging/redact';
import { expectEnvelope, foundationApp, settle } from './helpers/foundation-app';

const REGISTERED = 'SENTINEL-REGISTERED-KEY-000000000000001';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJTRU5USU5FTCJ9.U0VOVElORUwtc2lnbmF0dXJl';
const CORRELATION_ID = '6d0f8a2b-1c3e-4f5a-9b7c-8d9e0f1a2b3c';

/** What the routes throw, by name; built lazily so each request throws a fresh value. */
const THROWN: Record<string, () => unknown> = {
  string: () => `plain string with ${REGISTERED}`,
  'plain-object': () => ({ reason: 'SENTINEL-OBJECT' }),
  array: () => ['SENTINEL-ARRAY'],
  function: () => () => 'SENTINEL-FUNCTION',
  symbol: () => Symbol('SENTINEL-SYMBOL'),
  error: () => new Error('SENTINEL-ERROR database exploded'),
  'error-with-registered-secret': () => new Error(`call failed with key ${REGISTERED}`),
  'error-with-bearer-jwt': () => new Error(`upstream echoed Authorization: Bearer ${JWT}`),
  'object-with-status-418': () => ({ status: 418, message: 'SENTINEL-TEAPOT' }),
  'error-with-upstream-status': () => Object.assign(new Error('SENTINEL-UPSTREAM said 404'), { status: 404 }),
  // Express treats a falsy value passed to next() as "no error", so falsy values are only
  // meaningful as promise rejections, which Express 5 turns into an Error.
  null: () => null,
  undefined: () => undefined,
  nan: () => NaN,
  zero: () => 0,
};
const TRUTHY = Object.keys(THROWN).filter((kind) => Boolean(THROWN[kind]()));

function appThatThrows() {
  return foundationApp({
    routes: (router) => {
      router.get('/throw/:kind', (req) => {
        throw THROWN[req.params.kind as string]();
      });
      router.get('/reject/:kind', async (req) => {
        await new Promise((resolve) => setImmediate(resolve));
        throw THROWN[req.params.kind as string]();
      });
    },
  });
}

describe('odd thrown values through the app', () => {
  beforeAll(() => registerSecret(REGISTERED));

  const cases = [
    ...TRUTHY.map((kind) => ['a sync handler throws', kind] as const),
    ...Object.keys(THROWN).map((kind) => ['an async handler rejects with', kind] as const),
  ];

  it.each(cases)('when %s %s, then the caller gets a bare 500 INTERNAL envelope', async (how, kind) => {
    const { app, logs } = appThatThrows();
    const path = how.startsWith('a sync') ? `/api/throw/${kind}` : `/api/reject/${kind}`;

    const response = await request(app).get(path).set('X-Correlation-Id', CORRELATION_ID);
    await settle();

    expect(response.status).toBe(500);
    const error = expectEnvelope(response.body, 'INTERNAL');
    expect(error.correlationId).toBe(CORRELATION_ID);
    expect(error.retryable).toBe(true);
    expect(error.details).toEqual([]);
    expect(response.text).not.toMatch(/SENTINEL|eyJ|stack|\.ts:\d+/);

    const errors = logs.lines().filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      message: 'request failed',
      code: 'INTERNAL',
      correlationId: CORRELATION_ID,
    });
    expect(logs.text()).not.toContain(REGISTERED);
    expect(logs.text()).not.toContain(JWT);
  });

  it('when an Error with a registered secret is thrown, then the log keeps the message with the secret redacted', async () => {
    const { app, logs } = appThatThrows();

    await request(app).get('/api/throw/error-with-registered-secret');

    const cause = logs.lines().find((line) => line.level === 'error')?.cause as { message: string };
    expect(cause.message).toBe('call failed with key [REDACTED]');
  });

  it('when an Error with a bearer JWT is thrown, then the log says a bearer token was there, not which', async () => {
    const { app, logs } = appThatThrows();

    await request(app).get('/api/throw/error-with-bearer-jwt');

    const cause = logs.lines().find((line) => line.level === 'error')?.cause as { message: string };
    expect(cause.message).toBe('upstream echoed Authorization: Bearer [REDACTED]');
  });
});
