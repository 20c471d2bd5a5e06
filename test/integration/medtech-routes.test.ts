import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { FAULTS } from '../../src/emulator';
import { ReadinessRegistry } from '../../src/health/readiness';
import { registerSecret } from '../../src/logging/redact';
import { apiKeyAuth } from '../../src/middleware/api-key-auth';
import { ShutdownState } from '../../src/middleware/shutdown-guard';
import { medtechRoutes } from '../../src/routes/medtech';
import { alexReadinessCheck } from '../../src/services/alex';
import {
  SEED_NHI,
  SEED_PATIENT_ID,
  startEmulator,
  wireAgainst,
  type RunningEmulator,
} from './alex/emulator-setup';
import { authHeader, TEST_API_KEY } from '../helpers/test-config';

describe('medtech operations routes', () => {
  let emu: RunningEmulator;
  let app: Express;
  let wired: ReturnType<typeof wireAgainst>;

  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    wired = wireAgainst(emu);
    const { config, logs, tokens, alex } = wired;
    registerSecret(config.medtech.clientSecret);
    const readiness = new ReadinessRegistry();
    readiness.add('token', () => tokens.readinessCheck());
    readiness.add('alex', alexReadinessCheck(alex, config));
    app = createApp({
      config,
      logger: logs.logger,
      readiness,
      shutdown: new ShutdownState(),
      apiRouters: [medtechRoutes({ config, tokens, alex, apiKeyAuth: apiKeyAuth(config.auth.apiKeys) })],
    });
  });
  afterEach(() => emu.state.reset());
  afterAll(async () => {
    wired.alex.close();
    await emu.close();
  });

  it('when the test endpoint is called for the seed NHI, then it proves connectivity with ids and statuses only', async () => {
    const response = await request(app)
      .get(`/api/medtech/test?facilityId=F2N060-E&nhi=${SEED_NHI}`)
      .set(authHeader);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ok: true,
      correlationId: response.headers['x-correlation-id'],
      durationMs: expect.any(Number),
      facilityId: 'F2N060-E',
      patientFound: true,
      patientId: SEED_PATIENT_ID,
      alexStatus: 200,
    });
    expect(JSON.stringify(response.body)).not.toMatch(/Tapsell|Aroha|1984|female/);
    const [search] = emu.state.journal().filter((entry) => entry.route === 'GET /FHIR/Patient');
    expect(search.headers['mt-correlationid']).toBe(response.body.correlationId);
  });

  it('when no facility or NHI is given, then the configured defaults are used', async () => {
    const response = await request(app).get('/api/medtech/test').set(authHeader);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      facilityId: 'F2N060-E',
      patientFound: true,
      patientId: SEED_PATIENT_ID,
    });
  });

  it('when a patient id is given, then it is read by id; an unknown id is patientFound false with 200', async () => {
    const found = await request(app).get(`/api/medtech/test?patientId=${SEED_PATIENT_ID}`).set(authHeader);
    const missing = await request(app)
      .get(`/api/medtech/test?patientId=${'f'.repeat(32)}`)
      .set(authHeader);

    expect(found.body).toMatchObject({ patientFound: true, patientId: SEED_PATIENT_ID, alexStatus: 200 });
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({ ok: true, patientFound: false, patientId: null, alexStatus: 404 });
  });

  it('when the facility is not configured, then 403 FACILITY_NOT_ALLOWED and ALEX is not called', async () => {
    const response = await request(app).get('/api/medtech/test?facilityId=F12345-A').set(authHeader);

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FACILITY_NOT_ALLOWED');
    expect(emu.state.journal().filter((entry) => entry.route.includes('/FHIR'))).toHaveLength(0);
  });

  it.each(['/api/medtech/test', '/api/medtech/token-info'])(
    'when %s is called without an API key, then 401',
    async (path) => {
      const missing = await request(app).get(path);
      const wrong = await request(app).get(path).set('Authorization', `Bearer ${TEST_API_KEY}x`);

      expect(missing.status).toBe(401);
      expect(missing.body.error.code).toBe('UNAUTHENTICATED');
      expect(wrong.status).toBe(401);
    },
  );

  it.each([
    ['nhi=notannhi', 'query.nhi'],
    [`nhi=${SEED_NHI}&patientId=${SEED_PATIENT_ID}`, 'query.patientId'],
    ['patientId=../../etc', 'query.patientId'],
    ['nhi=ZZZ0016&nhi=ZZZ0024', 'query.nhi'],
  ])('when the query is %s, then 400 VALIDATION_FAILED names %s', async (query, path) => {
    const response = await request(app).get(`/api/medtech/test?${query}`).set(authHeader);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
  });

  it('when the practice stays offline, then 503 PRACTICE_OFFLINE with Retry-After and issue codes only', async () => {
    emu.state.failNext(FAULTS.practiceOffline('GET /FHIR/Patient', 3));

    const response = await request(app).get('/api/medtech/test').set(authHeader);

    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.body.error).toMatchObject({
      code: 'PRACTICE_OFFLINE',
      retryable: true,
      details: [{ code: 'exception', severity: 'error' }],
    });
    expect(JSON.stringify(response.body)).not.toContain('Cannot establish');
  });

  it('when token-info is read, then it shows the cache state and counters, never the token', async () => {
    await request(app).get('/api/medtech/test').set(authHeader);
    const token = await wired.tokens.getToken();

    const response = await request(app).get('/api/medtech/token-info').set(authHeader);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ cached: true, lastError: null, mode: 'live' });
    expect(response.body.expiresInSeconds).toBeGreaterThan(3000);
    expect(response.body.tokenRequests).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(response.body)).not.toContain(token);
    expect(response.headers['cache-control']).toContain('no-store');
  });

  it('when readiness is asked, then token and alex checks report ok without secrets', async () => {
    const response = await request(app).get('/health/ready');

    expect(response.status).toBe(200);
    expect(response.body.checks.token).toEqual({ ok: true, expiresInSeconds: expect.any(Number) });
    expect(response.body.checks.alex).toEqual({ ok: true, latencyMs: expect.any(Number) });
  });

  it('when requests were served, then no log line holds the token, the client secret or an NHI', async () => {
    await request(app).get(`/api/medtech/test?nhi=${SEED_NHI}`).set(authHeader);
    const token = await wired.tokens.getToken();

    const text = wired.logs.text();
    expect(text).toContain('alex call');
    expect(text).not.toContain(token);
    expect(text).not.toContain(emu.credentials.clientSecret);
    expect(text).not.toContain(SEED_NHI);
    expect(text).not.toContain(TEST_API_KEY);
  });
});
