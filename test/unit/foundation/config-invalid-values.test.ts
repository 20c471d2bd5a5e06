import { ConfigError, loadConfig } from '../../../src/config';

const SENTINEL = 'SENTINEL-VALUE-123';

/** Loads and returns the ConfigError, failing the test if none is thrown. */
function configErrorFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const namesIn = (error: ConfigError) => [...new Set(error.problems.map((p) => p.variable))].sort();

describe('loadConfig with invalid values', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['STORE', 'mongo'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
    ['IMAGE_MAX_EDGE_PX', '-1'],
    ['IMAGE_MAX_OUTPUT_BYTES', '1.5'],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['ALEX_MAX_ATTEMPTS', 'three'],
    ['MEDTECH_API_BASE_URL', 'not-a-url'],
    ['MEDTECH_API_BASE_URL', 'localhost:3000/FHIR'],
    ['MEDTECH_TOKEN_URL', 'javascript:alert(1)'],
    ['MOBILE_UPLOAD_BASE_URL', 'ftp://phone.example/mobile'],
    ['MEDTECH_TEST_NHI', 'not an nhi'],
    ['TRUST_PROXY', 'not-an-address'],
    ['TRUST_PROXY', 'loopback,'],
    ['CORS_ORIGINS', '*'],
    ['CORS_ORIGINS', 'https://app.clinicpro.co.nz,app.clinicpro.co.nz'],
  ])('when %s is %p, then the error names that variable only', (variable, value) => {
    const error = configErrorFor({ [variable]: value });

    expect(namesIn(error)).toEqual([variable]);
    expect(error.message).toContain(variable);
  });

  it('when several variables are invalid, then every problem is reported at once', () => {
    const error = configErrorFor({
      PORT: SENTINEL,
      STORE: SENTINEL,
      IMAGE_MAX_EDGE_PX: SENTINEL,
      MEDTECH_API_BASE_URL: SENTINEL,
      LOG_LEVEL: SENTINEL,
      TRUST_PROXY: SENTINEL,
    });

    expect(namesIn(error)).toEqual(
      ['IMAGE_MAX_EDGE_PX', 'LOG_LEVEL', 'MEDTECH_API_BASE_URL', 'PORT', 'STORE', 'TRUST_PROXY'].sort(),
    );
  });

  it('when values are invalid, then neither the message nor the problems contain them', () => {
    const urlSentinel = `ftp://${SENTINEL.toLowerCase()}.example/x`;
    const error = configErrorFor({
      PORT: SENTINEL,
      STORE: SENTINEL,
      NODE_ENV: SENTINEL,
      MEDTECH_TEST_NHI: SENTINEL,
      MEDTECH_API_BASE_URL: urlSentinel,
      TRUST_PROXY: SENTINEL,
      MOBILE_TOKEN_SECRET: 'SENTINEL-short',
    });

    const everything = `${error.message}\n${JSON.stringify(error.problems)}`.toLowerCase();
    expect(everything).not.toContain(SENTINEL.toLowerCase());
    expect(everything).not.toContain('sentinel-short');
    expect(error.problems.length).toBeGreaterThanOrEqual(6);
  });

  it('when ALEX_TIMEOUT_MS exceeds ALEX_DEADLINE_MS, then ALEX_TIMEOUT_MS is named', () => {
    const error = configErrorFor({ ALEX_TIMEOUT_MS: '20000', ALEX_DEADLINE_MS: '10000' });

    expect(namesIn(error)).toEqual(['ALEX_TIMEOUT_MS']);
  });

  it('when UPLOAD_MAX_BUFFERED_BYTES is below IMAGE_MAX_INPUT_BYTES or not a number, then it is named', () => {
    expect(
      namesIn(configErrorFor({ UPLOAD_MAX_BUFFERED_BYTES: '1000', IMAGE_MAX_INPUT_BYTES: '2000' })),
    ).toEqual(['UPLOAD_MAX_BUFFERED_BYTES']);
    expect(namesIn(configErrorFor({ UPLOAD_MAX_BUFFERED_BYTES: 'lots' }))).toEqual([
      'UPLOAD_MAX_BUFFERED_BYTES',
    ]);
    expect(loadConfig({ UPLOAD_MAX_BUFFERED_BYTES: '2000', IMAGE_MAX_INPUT_BYTES: '2000' }).uploads).toEqual({
      maxBufferedBytes: 2000,
    });
  });

  it('when TRUST_PROXY lists addresses, subnets and named ranges, then it is accepted as given', () => {
    const value = 'loopback, 10.0.0.0/8, 192.168.1.1, fe80::/10, uniquelocal';

    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toBe(value);
  });

  it('when a ConfigError is thrown, then it is named and lists problems as variable/problem pairs', () => {
    const error = configErrorFor({ PORT: 'abc' });

    expect(error.name).toBe('ConfigError');
    expect(error.problems).toEqual([{ variable: 'PORT', problem: expect.any(String) }]);
  });
});
