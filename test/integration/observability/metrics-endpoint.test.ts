import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startGatewayWithEmulator, type GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { labelValues, sampleValue } from '../../helpers/prometheus-text';
import { authHeader } from '../../helpers/test-config';

const SEED_NHI = 'ZZZ0016';
const METRICS_TOKEN = 'metrics-token-for-tests-00000000000000000001';

describe('GET /metrics after a known sequence of requests', () => {
  let harness: GatewayWithEmulator;
  const unknownSessionId = randomUUID();
  const strayPathId = randomUUID();
  let text: string;

  beforeAll(async () => {
    harness = await startGatewayWithEmulator();
    const { app } = harness.gateway;
    for (let i = 0; i < 2; i++) {
      const ok = await request(app)
        .get(`/api/medtech/test?facilityId=F2N060-E&nhi=${SEED_NHI}`)
        .set(authHeader);
      expect(ok.status).toBe(200);
    }
    const missing = await request(app)
      .get(`/api/integrations/medtech/mobile/sessions/${unknownSessionId}`)
      .set(authHeader);
    expect(missing.status).toBe(404);
    expect((await request(app).get(`/nowhere/${strayPathId}`)).status).toBe(404);
    const scrape = await request(app).get('/metrics').set(authHeader);
    expect(scrape.status).toBe(200);
    expect(scrape.headers['content-type']).toContain('text/plain');
    text = scrape.text;
  });
  afterAll(() => harness.close());

  it('when two test calls were made, then http_requests_total counts them under the route template', () => {
    expect(
      sampleValue(text, 'http_requests_total', { method: 'GET', route: '/api/medtech/test', status: '200' }),
    ).toBe(2);
  });

  it('when two test calls were made, then the duration histogram has two observations in its +Inf bucket', () => {
    const labels = { method: 'GET', route: '/api/medtech/test', status: '200' };
    expect(sampleValue(text, 'http_request_duration_seconds_count', labels)).toBe(2);
    expect(sampleValue(text, 'http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(2);
    expect(sampleValue(text, 'http_request_duration_seconds_bucket', { ...labels, le: '60' })).toBe(2);
  });

  it('when a session id was in the path, then the route label is the template and the id appears nowhere', () => {
    expect(
      sampleValue(text, 'http_requests_total', {
        route: '/api/integrations/medtech/mobile/sessions/:sessionId',
        status: '404',
      }),
    ).toBe(1);
    expect(text).not.toContain(unknownSessionId);
    expect(text).not.toContain(strayPathId);
    expect(text).not.toContain(SEED_NHI);
  });

  it('when no route matched, then the request is counted as unmatched', () => {
    expect(
      sampleValue(text, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBe(1);
  });

  it('when ALEX answered the patient searches, then alex metrics carry facility, operation template and status', () => {
    const labels = { facility: 'F2N060-E', operation: 'GET /Patient', status: '200' };
    expect(sampleValue(text, 'alex_requests_total', labels)).toBe(2);
    expect(sampleValue(text, 'alex_request_duration_seconds_count', labels)).toBe(2);
    expect(sampleValue(text, 'alex_request_duration_seconds_bucket', { ...labels, le: '60' })).toBe(2);
  });

  it('when one token served both calls, then exactly one successful token request is counted', () => {
    expect(sampleValue(text, 'alex_token_requests_total', { outcome: 'success' })).toBe(1);
  });

  it('when no breaker opened, then alex_breaker_open is 0 for every allow-listed facility', () => {
    expect(sampleValue(text, 'alex_breaker_open', { facility: 'F2N060-E' })).toBe(0);
    expect(sampleValue(text, 'alex_breaker_open', { facility: 'F99669-C' })).toBe(0);
  });

  it('when scraped, then every metric of the contract and the process defaults are present', () => {
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds',
      'alex_requests_total',
      'alex_request_duration_seconds',
      'alex_token_requests_total',
      'alex_breaker_open',
      'image_processing_duration_seconds',
      'commit_files_total',
      'event_streams_open',
      'audit_write_failures_total',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('when scraped, then no label value looks like a UUID or an NHI', () => {
    for (const value of labelValues(text)) {
      expect(value).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
      expect(value).not.toMatch(/^[A-Z]{3}[0-9]{4}$/);
    }
  });

  it('when the lead feeds commit outcomes and delivery stats, then they show once, read at scrape time', async () => {
    const { metrics, app } = harness.gateway;
    metrics.recordCommitFile('media', 'committed');
    metrics.recordCommitFile('media', 'committed');
    metrics.recordCommitFile('scan', 'queued');
    let reads = 0;
    metrics.setDeliveryStatsSource(async () => {
      reads += 1;
      return { queued: 3, oldestQueuedSeconds: 4200 };
    });

    const scrape = await request(app).get('/metrics').set(authHeader);

    expect(reads).toBe(1);
    expect(sampleValue(scrape.text, 'commit_files_total', { target: 'media', outcome: 'committed' })).toBe(2);
    expect(sampleValue(scrape.text, 'commit_files_total', { target: 'scan', outcome: 'queued' })).toBe(1);
    expect(sampleValue(scrape.text, 'delivery_queued_files')).toBe(3);
    expect(sampleValue(scrape.text, 'delivery_oldest_queued_seconds')).toBe(4200);
  });
});

describe('/metrics authentication', () => {
  it('when METRICS_TOKEN is unset, then no credential is refused and any API key is accepted', async () => {
    const harness = await startGatewayWithEmulator();
    try {
      expect((await request(harness.gateway.app).get('/metrics')).status).toBe(401);
      expect((await request(harness.gateway.app).get('/metrics').set(authHeader)).status).toBe(200);
    } finally {
      await harness.close();
    }
  });

  it('when METRICS_TOKEN is set, then only that token opens /metrics, not an API key', async () => {
    const harness = await startGatewayWithEmulator({ env: { METRICS_TOKEN } });
    try {
      const { app } = harness.gateway;
      const withKey = await request(app).get('/metrics').set(authHeader);
      expect(withKey.status).toBe(401);
      expect(withKey.body.error.code).toBe('UNAUTHENTICATED');
      const withToken = await request(app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(withToken.status).toBe(200);
      expect(withToken.text).toContain('http_requests_total');
    } finally {
      await harness.close();
    }
  });
});
