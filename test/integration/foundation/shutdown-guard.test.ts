import request from 'supertest';
import { expectEnvelope, foundationApp } from './helpers/foundation-app';

describe('the shutdown guard', () => {
  it.each(['/api/ping', '/health/ready', '/api/no-such-route'])(
    'when the process is draining, then %s gets 503 SERVICE_UNAVAILABLE with Connection: close',
    async (path) => {
      const { app, shutdown } = foundationApp();
      shutdown.draining = true;

      const response = await request(app).get(path).set('Connection', 'keep-alive');

      expect(response.status).toBe(503);
      expect(response.headers.connection).toBe('close');
      expect(response.headers['retry-after']).toBe('1');
      const error = expectEnvelope(response.body, 'SERVICE_UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(error.correlationId).toBe(response.headers['x-correlation-id']);
    },
  );

  it('when the process is not draining, then requests pass and the connection may be kept alive', async () => {
    const { app } = foundationApp();

    const response = await request(app).get('/api/ping').set('Connection', 'keep-alive');

    expect(response.status).toBe(200);
    expect(response.headers.connection).toBe('keep-alive');
  });

  it('when draining starts between two requests, then the second one is refused', async () => {
    const { app, shutdown } = foundationApp();

    const before = await request(app).get('/api/ping');
    shutdown.draining = true;
    const after = await request(app).get('/api/ping');

    expect([before.status, after.status]).toEqual([200, 503]);
  });

  it('when draining, then the 503 still carries the security headers', async () => {
    const { app, shutdown } = foundationApp();
    shutdown.draining = true;

    const response = await request(app).get('/api/ping');

    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
  });
});
