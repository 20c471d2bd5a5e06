import request from 'supertest';
import { registerSecret } from '../../../src/logging/redact';
import { foundationApp, settle } from './helpers/foundation-app';

const REGISTERED = 'SENTINEL-LATE-SECRET-000000000000001';

function appFailingMidResponse() {
  const built = foundationApp({
    routes: (router) => {
      router.get('/stream', async (_req, res) => {
        res.status(200).setHeader('Content-Type', 'text/plain');
        res.write('first half of the answer');
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error(`storage read failed with ${REGISTERED}`);
      });
    },
  });
  // Express's own final handler prints errors to stderr except under env "test": make it live.
  built.app.set('env', 'production');
  return built;
}

describe('a failure after the response has started', () => {
  beforeAll(() => registerSecret(REGISTERED));
  afterEach(() => jest.restoreAllMocks());

  it('when a handler throws after writing part of the body, then the connection is cut rather than looking complete', async () => {
    const { app } = appFailingMidResponse();

    const outcome = await request(app)
      .get('/api/stream')
      .then(
        () => 'completed',
        (error: Error) => error.message,
      );

    expect(outcome).not.toBe('completed');
  });

  it('when that happens, then it is logged once, redacted, and nothing raw goes to stderr', async () => {
    const { app, logs } = appFailingMidResponse();
    const stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    await request(app)
      .get('/api/stream')
      .catch(() => undefined);
    await settle();

    const errors = logs.lines().filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ correlationId: expect.any(String), code: 'INTERNAL' });
    expect(logs.text()).not.toContain(REGISTERED);
    expect(stderr).not.toHaveBeenCalled();
  });
});
