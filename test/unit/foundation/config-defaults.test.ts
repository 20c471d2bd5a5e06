import { DEV_API_KEY, loadConfig } from '../../../src/config';

const LIVE_CREDENTIALS = {
  MEDTECH_CLIENT_ID: 'client-id',
  MEDTECH_CLIENT_SECRET: 'client-secret-value',
  MEDTECH_TENANT_ID: 'tenant-123',
  MEDTECH_API_SCOPE: 'api://alex/.default',
};

describe('loadConfig defaults (CONFIG.md table)', () => {
  it('when the environment is empty, then every value is the documented default', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      production: false,
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      trustProxy: 'loopback',
      medtech: {
        mode: 'emulator',
        apiBaseUrl: 'https://alexapiuat.medtechglobal.com/FHIR',
        facilityId: 'F2N060-E',
        facilityIds: ['F2N060-E'],
        appId: undefined,
        testNhi: 'ZZZ0016',
        tokenRefreshMarginSeconds: 300,
      },
      alex: {
        timeoutMs: 4000,
        deadlineMs: 10000,
        maxAttempts: 3,
        concurrency: 4,
        writeTimeoutMs: 30000,
        writeSettleSeconds: 120,
      },
      delivery: { retryBaseSeconds: 30, commitResponseBudgetMs: 20000 },
      rateLimit: { perMinute: 600, mobilePerMinute: 60 },
      corsOrigins: [],
      mobile: { uploadBaseUrl: 'http://localhost:3000/mobile', sessionTtlSeconds: 600 },
      store: {
        kind: 'memory',
        redisUrl: 'redis://127.0.0.1:6379',
        keyPrefix: 'cpgw:',
        stagingTtlSeconds: 86400,
      },
      images: {
        maxInputBytes: 26214400,
        maxInputPixels: 60000000,
        maxOutputBytes: 1048576,
        maxEdgePx: 2048,
        maxInputEdgePx: 16384,
      },
      uploads: { maxBufferedBytes: 268435456 },
      emulator: { port: 0 },
    });
  });

  it('when MEDTECH_FACILITY_IDS is unset, then it defaults to MEDTECH_FACILITY_ID', () => {
    const config = loadConfig({ MEDTECH_FACILITY_ID: 'ABC123-X' });

    expect(config.medtech.facilityIds).toEqual(['ABC123-X']);
  });

  it('when MEDTECH_FACILITY_IDS is a comma list with spaces, then it is split and trimmed', () => {
    const config = loadConfig({ MEDTECH_FACILITY_IDS: 'F2N060-E, ABC123-X ,' });

    expect(config.medtech.facilityIds).toEqual(['F2N060-E', 'ABC123-X']);
  });

  it('when CORS_ORIGINS lists URLs with trailing slashes, then only their origins are kept', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://app.clinicpro.co.nz/, http://192.168.1.20:3000/' });

    expect(config.corsOrigins).toEqual(['https://app.clinicpro.co.nz', 'http://192.168.1.20:3000']);
  });

  it('when PORT is set, then the default MOBILE_UPLOAD_BASE_URL uses it', () => {
    const config = loadConfig({ PORT: '8080' });

    expect(config.port).toBe(8080);
    expect(config.mobile.uploadBaseUrl).toBe('http://localhost:8080/mobile');
  });

  it('when the tenant id is set and MEDTECH_TOKEN_URL is not, then the token URL names the tenant', () => {
    const config = loadConfig(LIVE_CREDENTIALS);

    expect(config.medtech.mode).toBe('live');
    expect(config.medtech.tokenUrl).toBe('https://login.microsoftonline.com/tenant-123/oauth2/v2.0/token');
  });

  it('when MEDTECH_TOKEN_URL is set, then it wins over the tenant default', () => {
    const config = loadConfig({ ...LIVE_CREDENTIALS, MEDTECH_TOKEN_URL: 'http://127.0.0.1:9999/token' });

    expect(config.medtech.tokenUrl).toBe('http://127.0.0.1:9999/token');
  });

  it('when MEDTECH_API_BASE_URL ends with slashes, then they are removed', () => {
    const config = loadConfig({ MEDTECH_API_BASE_URL: 'https://alex.example/FHIR//' });

    expect(config.medtech.apiBaseUrl).toBe('https://alex.example/FHIR');
  });

  it('when a variable is empty (FOO= in .env), then its default is used', () => {
    const config = loadConfig({ PORT: '', STORE: '', MEDTECH_API_BASE_URL: '' });

    expect(config.port).toBe(3000);
    expect(config.store.kind).toBe('memory');
    expect(config.medtech.apiBaseUrl).toBe('https://alexapiuat.medtechglobal.com/FHIR');
  });

  it('when MOBILE_TOKEN_SECRET is unset outside production, then each load gets a different strong random secret', () => {
    const first = loadConfig({}).mobile.tokenSecret;
    const second = loadConfig({}).mobile.tokenSecret;

    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second).not.toBe(first);
  });

  it('when TRUST_PROXY is a hop count, true or false, then express gets a number or a boolean', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('when no credentials and no API keys are set outside production, then the emulator and the dev key are used', () => {
    const config = loadConfig({ NODE_ENV: 'development' });

    expect(config.medtech.mode).toBe('emulator');
    expect(config.auth.apiKeys).toEqual([DEV_API_KEY]);
    expect(DEV_API_KEY).toBe('dev-local-key-0000000000000000000');
    expect(config.auth.usingDevApiKey).toBe(true);
  });

  it('when GATEWAY_API_KEYS is set, then the dev key is not accepted', () => {
    const config = loadConfig({ GATEWAY_API_KEYS: 'k'.repeat(40) });

    expect(config.auth.apiKeys).toEqual(['k'.repeat(40)]);
    expect(config.auth.usingDevApiKey).toBe(false);
  });
});
