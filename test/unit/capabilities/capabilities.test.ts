import { createHash } from 'node:crypto';
import { createCapabilities, ifNoneMatchHits, providerEnvironment } from '../../../src/services/capabilities';
import { testConfig } from '../../helpers/test-config';

const LIVE = {
  MEDTECH_CLIENT_ID: 'client',
  MEDTECH_CLIENT_SECRET: 'secret-secret-secret-secret-secret',
  MEDTECH_TENANT_ID: 'tenant',
  MEDTECH_API_SCOPE: 'api://scope/.default',
};

describe('providerEnvironment', () => {
  it('when no ALEX credentials are set, then it is emulator', () => {
    expect(providerEnvironment(testConfig())).toBe('emulator');
  });

  it('when live against the UAT base URL, then it is uat', () => {
    expect(providerEnvironment(testConfig(LIVE))).toBe('uat');
  });

  it('when live against alexapi.medtechglobal.com, then it is production', () => {
    const config = testConfig({ ...LIVE, MEDTECH_API_BASE_URL: 'https://alexapi.medtechglobal.com/FHIR' });
    expect(providerEnvironment(config)).toBe('production');
  });

  it('when live against a host that merely contains the production name, then it is not production', () => {
    const config = testConfig({
      ...LIVE,
      MEDTECH_API_BASE_URL: 'https://alexapi.medtechglobal.com.example.org/FHIR',
    });
    expect(providerEnvironment(config)).toBe('uat');
  });
});

describe('createCapabilities', () => {
  it('when limits are configured, then the body carries them and the ETag is the quoted SHA-256 of the JSON', () => {
    const config = testConfig({
      MOBILE_SESSION_TTL_SECONDS: '900',
      IMAGE_MAX_INPUT_BYTES: '1000000',
      IMAGE_MAX_OUTPUT_BYTES: '500000',
    });
    const capabilities = createCapabilities(config);
    expect(capabilities.body.features.images.mobileHandoff).toEqual({ qr: true, ttlSeconds: 900 });
    expect(capabilities.body.limits.attachments.maxInputBytes).toBe(1000000);
    expect(capabilities.body.limits.attachments.maxSizeBytes).toBe(500000);
    expect(JSON.parse(capabilities.json)).toEqual(capabilities.body);
    const hash = createHash('sha256').update(capabilities.json).digest('hex');
    expect(capabilities.etag).toBe(`"${hash}"`);
  });

  it('when built twice from one config, then the ETag is identical; when a limit changes, then it differs', () => {
    const once = createCapabilities(testConfig());
    const twice = createCapabilities(testConfig());
    const other = createCapabilities(testConfig({ MOBILE_SESSION_TTL_SECONDS: '300' }));
    expect(twice.etag).toBe(once.etag);
    expect(other.etag).not.toBe(once.etag);
  });
});

describe('ifNoneMatchHits', () => {
  const etag = '"abc123"';
  it.each([
    ['"abc123"', true],
    ['W/"abc123"', true],
    ['"zzz", "abc123"', true],
    ['"zzz",W/"abc123"', true],
    ['*', true],
    [' * ', true],
    ['"abc1234"', false],
    ['"zzz"', false],
    ['abc123', false],
    ['', false],
  ])('when If-None-Match is %j, then it matches: %s', (header, expected) => {
    expect(ifNoneMatchHits(header, etag)).toBe(expected);
  });

  it('when there is no If-None-Match header, then it does not match', () => {
    expect(ifNoneMatchHits(undefined, etag)).toBe(false);
  });
});

describe('capabilities writeTargets', () => {
  it('when nothing is configured, then the default target is media, all three are available and Scan is PDF', () => {
    const { writeTargets } = createCapabilities(testConfig()).body.features.images;

    expect(writeTargets).toEqual({
      default: 'media',
      available: ['media', 'scan', 'both'],
      scanFormat: 'pdf',
    });
  });

  it('when MEDTECH_WRITE_TARGET=both and MEDTECH_SCAN_FORMAT=tiff, then the document says so and its ETag changes', () => {
    const configured = createCapabilities(
      testConfig({ MEDTECH_WRITE_TARGET: 'both', MEDTECH_SCAN_FORMAT: 'tiff' }),
    );

    expect(configured.body.features.images.writeTargets).toMatchObject({
      default: 'both',
      scanFormat: 'tiff',
    });
    expect(configured.etag).not.toBe(createCapabilities(testConfig()).etag);
  });
});
