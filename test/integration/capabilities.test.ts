import request from 'supertest';
import { createApp } from '../../src/app';
import { ReadinessRegistry } from '../../src/health/readiness';
import { ShutdownState } from '../../src/middleware/shutdown-guard';
import { apiKeyAuth } from '../../src/middleware/api-key-auth';
import { capabilitiesRoutes } from '../../src/routes/capabilities';
import { createCapabilities } from '../../src/services/capabilities';
import { captureLogs } from '../helpers/log-capture';
import { authHeader, testConfig } from '../helpers/test-config';

const PATH = '/api/integrations/medtech/capabilities';
const SNOMED = 'http://snomed.info/sct';
const LIVE = {
  MEDTECH_CLIENT_ID: 'client',
  MEDTECH_CLIENT_SECRET: 'secret-secret-secret-secret-secret',
  MEDTECH_TENANT_ID: 'tenant',
  MEDTECH_API_SCOPE: 'api://scope/.default',
};

function appFor(overrides: Record<string, string> = {}) {
  const config = testConfig(overrides);
  return createApp({
    config,
    logger: captureLogs().logger,
    readiness: new ReadinessRegistry(),
    shutdown: new ShutdownState(),
    apiRouters: [
      capabilitiesRoutes({
        capabilities: createCapabilities(config),
        apiKeyAuth: apiKeyAuth(config.auth.apiKeys),
      }),
    ],
  });
}

describe('GET /api/integrations/medtech/capabilities', () => {
  it('when called with an API key, then it answers 200 with the contract shape and the configured limits', async () => {
    const app = appFor({
      MOBILE_SESSION_TTL_SECONDS: '600',
      IMAGE_MAX_INPUT_BYTES: '26214400',
      IMAGE_MAX_OUTPUT_BYTES: '1048576',
    });
    const response = await request(app).get(PATH).set(authHeader);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const { quickChips, ...images } = response.body.features.images;
    expect({ ...response.body, features: { images } }).toEqual({
      provider: { name: 'alex', environment: 'emulator' },
      features: {
        images: {
          enabled: true,
          mobileHandoff: { qr: true, ttlSeconds: 600 },
          inbox: { enabled: true },
          tasks: { enabled: true },
          writeTargets: { default: 'media', available: ['media', 'scan', 'both'], scanFormat: 'pdf' },
        },
      },
      limits: {
        attachments: {
          acceptedTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'],
          maxInputBytes: 26214400,
          maxSizeBytes: 1048576,
          maxPerRequest: 10,
          maxTotalBytesPerEncounter: 52428800,
        },
      },
    });
    expect(Object.keys(quickChips)).toEqual(['laterality', 'bodySitesCommon', 'views', 'types']);
    expect(quickChips.laterality).toHaveLength(4);
    expect(quickChips.bodySitesCommon).toHaveLength(29);
    expect(quickChips.views).toHaveLength(5);
    expect(quickChips.types).toHaveLength(6);
    expect(quickChips.bodySitesCommon).toContainEqual({
      system: SNOMED,
      code: '14975008',
      display: 'Forearm',
    });
    for (const coding of [
      ...quickChips.laterality,
      ...quickChips.bodySitesCommon,
      ...quickChips.views,
      ...quickChips.types,
    ]) {
      expect(Object.keys(coding).sort()).toEqual(['code', 'display', 'system']);
    }
  });

  it('when limits differ in config, then the response follows them', async () => {
    const app = appFor({
      MOBILE_SESSION_TTL_SECONDS: '120',
      IMAGE_MAX_INPUT_BYTES: '5000000',
      IMAGE_MAX_OUTPUT_BYTES: '700000',
    });
    const { body } = await request(app).get(PATH).set(authHeader).expect(200);
    expect(body.features.images.mobileHandoff.ttlSeconds).toBe(120);
    expect(body.limits.attachments.maxInputBytes).toBe(5000000);
    expect(body.limits.attachments.maxSizeBytes).toBe(700000);
  });

  it('when called twice, then the strong ETag is the same and Cache-Control overrides the API no-store', async () => {
    const app = appFor();
    const first = await request(app).get(PATH).set(authHeader).expect(200);
    const second = await request(app).get(PATH).set(authHeader).expect(200);
    expect(first.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(first.headers['cache-control']).toBe('private, max-age=300');
    expect(first.headers['x-correlation-id']).toBeDefined();
  });

  it.each([
    ['the ETag itself', (etag: string) => etag],
    ['a weak form of it', (etag: string) => `W/${etag}`],
    ['a list containing it', (etag: string) => `"stale", ${etag}`],
    ['*', () => '*'],
  ])('when If-None-Match is %s, then it answers 304 with no body', async (_label, header) => {
    const app = appFor();
    const { headers } = await request(app).get(PATH).set(authHeader).expect(200);
    const response = await request(app).get(PATH).set(authHeader).set('If-None-Match', header(headers.etag));
    expect(response.status).toBe(304);
    expect(response.text ?? '').toBe('');
    expect(response.headers.etag).toBe(headers.etag);
    expect(response.headers['cache-control']).toBe('private, max-age=300');
  });

  it('when If-None-Match holds another ETag, then the full body is sent', async () => {
    const app = appFor();
    const response = await request(app).get(PATH).set(authHeader).set('If-None-Match', '"not-the-etag"');
    expect(response.status).toBe(200);
    expect(response.body.provider.name).toBe('alex');
  });

  it('when no API key is sent, then it answers 401 UNAUTHENTICATED with no-store and not the capabilities ETag', async () => {
    const app = appFor();
    const { headers } = await request(app).get(PATH).set(authHeader).expect(200);
    const response = await request(app).get(PATH).set('If-None-Match', headers.etag);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
    expect(response.body.provider).toBeUndefined();
    expect(response.headers.etag).not.toBe(headers.etag);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('when a wrong API key is sent, then it answers 401', async () => {
    await request(appFor()).get(PATH).set('Authorization', 'Bearer wrong-key').expect(401);
  });

  it.each([
    [{}, 'emulator'],
    [LIVE, 'uat'],
    [{ ...LIVE, MEDTECH_API_BASE_URL: 'https://alexapi.medtechglobal.com/FHIR' }, 'production'],
  ])('when the ALEX settings are %j, then provider.environment is %s', async (overrides, environment) => {
    const { body } = await request(appFor(overrides)).get(PATH).set(authHeader).expect(200);
    expect(body.provider).toEqual({ name: 'alex', environment });
  });
});
