import request from 'supertest';
import { expectEnvelope, foundationApp } from './helpers/foundation-app';

function appShowingClientIp(env: Record<string, string>) {
  return foundationApp({
    env,
    routes: (router) => {
      router.get('/whoami', (req, res) => {
        res.json({ ip: req.ip });
      });
    },
  });
}

describe('trust proxy', () => {
  it('when TRUST_PROXY=loopback and nginx on loopback forwards a client, then req.ip is the forwarded address', async () => {
    const { app } = appShowingClientIp({ TRUST_PROXY: 'loopback' });

    const response = await request(app).get('/api/whoami').set('X-Forwarded-For', '203.0.113.5');

    expect(response.body.ip).toBe('203.0.113.5');
  });

  it('when the chain has several hops, then only the hop added by the trusted proxy counts', async () => {
    const { app } = appShowingClientIp({ TRUST_PROXY: 'loopback' });

    const response = await request(app)
      .get('/api/whoami')
      .set('X-Forwarded-For', '198.51.100.9, 203.0.113.5');

    expect(response.body.ip).toBe('203.0.113.5');
  });

  it('when TRUST_PROXY=false, then X-Forwarded-For is ignored and the socket address is used', async () => {
    const { app } = appShowingClientIp({ TRUST_PROXY: 'false' });

    const response = await request(app).get('/api/whoami').set('X-Forwarded-For', '203.0.113.5');

    expect(response.body.ip).not.toBe('203.0.113.5');
    expect(response.body.ip).toMatch(/127\.0\.0\.1|::1/);
  });

  it('when the trusted proxy is not the peer, then X-Forwarded-For is ignored', async () => {
    const { app } = appShowingClientIp({ TRUST_PROXY: '10.0.0.1' });

    const response = await request(app).get('/api/whoami').set('X-Forwarded-For', '203.0.113.5');

    expect(response.body.ip).not.toBe('203.0.113.5');
  });
});

describe('the rate limit sees the forwarded client address', () => {
  it('when one forwarded client exceeds RATE_LIMIT_PER_MINUTE, then it gets 429 and another client still passes', async () => {
    const { app } = foundationApp({ env: { TRUST_PROXY: 'loopback', RATE_LIMIT_PER_MINUTE: '3' } });
    const from = (ip: string) => request(app).get('/api/ping').set('X-Forwarded-For', ip);

    const allowed = [await from('203.0.113.5'), await from('203.0.113.5'), await from('203.0.113.5')];
    const limited = await from('203.0.113.5');
    const other = await from('203.0.113.6');

    expect(allowed.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(expectEnvelope(limited.body, 'RATE_LIMITED').retryable).toBe(true);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(other.status).toBe(200);
  });

  it('when forwarded headers are not trusted, then every client behind the same peer shares one bucket', async () => {
    const { app } = foundationApp({ env: { TRUST_PROXY: 'false', RATE_LIMIT_PER_MINUTE: '2' } });
    const from = (ip: string) => request(app).get('/api/ping').set('X-Forwarded-For', ip);

    const statuses = [(await from('203.0.113.5')).status, (await from('203.0.113.6')).status];
    const third = await from('203.0.113.7');

    expect(statuses).toEqual([200, 200]);
    expect(third.status).toBe(429);
  });

  it('when a client is rate limited, then health checks are not (load balancers keep probing)', async () => {
    const { app } = foundationApp({ env: { RATE_LIMIT_PER_MINUTE: '1' } });

    await request(app).get('/api/ping');
    await request(app).get('/api/ping');
    const health = await request(app).get('/health/live');

    expect(health.status).toBe(200);
  });
});
