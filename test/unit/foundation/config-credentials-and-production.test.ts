import { ConfigError, loadConfig } from '../../../src/config';

const SENTINEL = 'SENTINEL-VALUE-123';
const STRONG_KEY = 'k'.repeat(32);
const STRONG_SECRET = 's'.repeat(32);
const CREDENTIALS = {
  MEDTECH_CLIENT_ID: `${SENTINEL}-id`,
  MEDTECH_CLIENT_SECRET: `${SENTINEL}-secret`,
  MEDTECH_TENANT_ID: `${SENTINEL}-tenant`,
  MEDTECH_API_SCOPE: `${SENTINEL}-scope`,
};
const PRODUCTION_READY = {
  NODE_ENV: 'production',
  ...CREDENTIALS,
  GATEWAY_API_KEYS: STRONG_KEY,
  MOBILE_TOKEN_SECRET: STRONG_SECRET,
  METRICS_TOKEN: STRONG_SECRET,
};

function problemsFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const namesIn = (error: ConfigError) => [...new Set(error.problems.map((p) => p.variable))].sort();

describe('ALEX credentials and mode', () => {
  it('when no credential is set outside production, then the gateway runs in emulator mode', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).medtech.mode).toBe('emulator');
  });

  it('when all four credentials are set, then the gateway runs in live mode', () => {
    expect(loadConfig(CREDENTIALS).medtech.mode).toBe('live');
  });

  it('when only some credentials are set, then exactly the missing ones are named, without values', () => {
    const error = problemsFor({
      MEDTECH_CLIENT_ID: CREDENTIALS.MEDTECH_CLIENT_ID,
      MEDTECH_TENANT_ID: CREDENTIALS.MEDTECH_TENANT_ID,
    });

    expect(namesIn(error)).toEqual(['MEDTECH_API_SCOPE', 'MEDTECH_CLIENT_SECRET']);
    expect(error.message).not.toContain(SENTINEL);
  });

  it('when a credential is only whitespace, then it counts as missing', () => {
    const error = problemsFor({ ...CREDENTIALS, MEDTECH_CLIENT_SECRET: '   ' });

    expect(namesIn(error)).toEqual(['MEDTECH_CLIENT_SECRET']);
  });
});

describe('production checks', () => {
  it('when production has no credentials, API keys or mobile secret, then all of them are named at once', () => {
    const error = problemsFor({ NODE_ENV: 'production' });

    expect(namesIn(error)).toEqual(
      [
        'GATEWAY_API_KEYS',
        'MEDTECH_API_SCOPE',
        'MEDTECH_CLIENT_ID',
        'MEDTECH_CLIENT_SECRET',
        'MEDTECH_TENANT_ID',
        'METRICS_TOKEN',
        'MOBILE_TOKEN_SECRET',
      ].sort(),
    );
  });

  it('when production has a 20-character API key, then GATEWAY_API_KEYS is named without the key', () => {
    const shortKey = `${SENTINEL}-20ch`.slice(0, 20);
    const error = problemsFor({ ...PRODUCTION_READY, GATEWAY_API_KEYS: `${STRONG_KEY},${shortKey}` });

    expect(namesIn(error)).toEqual(['GATEWAY_API_KEYS']);
    expect(error.message).not.toContain(shortKey);
  });

  it('when production has a short MOBILE_TOKEN_SECRET, then it is named without its value', () => {
    const error = problemsFor({ ...PRODUCTION_READY, MOBILE_TOKEN_SECRET: `${SENTINEL}-x` });

    expect(namesIn(error)).toEqual(['MOBILE_TOKEN_SECRET']);
    expect(error.message).not.toContain(SENTINEL);
  });

  it('when a short MOBILE_TOKEN_SECRET is set outside production, then it is refused too', () => {
    expect(namesIn(problemsFor({ MOBILE_TOKEN_SECRET: 'too-short' }))).toEqual(['MOBILE_TOKEN_SECRET']);
  });

  it('when production is fully configured, then it loads in live mode with only the given keys', () => {
    const config = loadConfig(PRODUCTION_READY);

    expect(config.production).toBe(true);
    expect(config.medtech.mode).toBe('live');
    expect(config.auth.apiKeys).toEqual([STRONG_KEY]);
    expect(config.auth.usingDevApiKey).toBe(false);
    expect(config.mobile.tokenSecret).toBe(STRONG_SECRET);
    expect(config.docs.enabled).toBe(false);
  });
});

describe('the development API key', () => {
  const DEV_KEY = 'dev-local-key-0000000000000000000';

  it('when in emulator mode outside production with GATEWAY_API_KEYS unset, then the dev key is accepted', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).auth.apiKeys).toEqual([DEV_KEY]);
  });

  it('when in production, then the dev key is never accepted (the missing keys are an error instead)', () => {
    const error = problemsFor({ ...PRODUCTION_READY, GATEWAY_API_KEYS: '' });

    expect(namesIn(error)).toEqual(['GATEWAY_API_KEYS']);
  });

  it('when production lists the dev key in GATEWAY_API_KEYS, then start-up is refused naming the variable, not the key', () => {
    const error = problemsFor({ ...PRODUCTION_READY, GATEWAY_API_KEYS: `${STRONG_KEY},${DEV_KEY}` });

    expect(namesIn(error)).toEqual(['GATEWAY_API_KEYS']);
    expect(error.message).not.toContain(DEV_KEY);
  });

  it('when in live mode outside production with GATEWAY_API_KEYS unset, then the public dev key is not accepted', () => {
    const config = loadConfig({ NODE_ENV: 'development', ...CREDENTIALS });

    expect(config.auth.apiKeys).not.toContain(DEV_KEY);
    expect(config.auth.usingDevApiKey).toBe(false);
  });
});
