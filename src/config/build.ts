import { randomBytes } from 'node:crypto';
import type { Env } from './schema';

/** The key accepted in emulator mode when GATEWAY_API_KEYS is unset (CONFIG.md). */
export const DEV_API_KEY = 'dev-local-key-0000000000000000000';
/** The four ALEX credentials: all set (live mode) or none (emulator mode). */
export const CREDENTIAL_NAMES = [
  'MEDTECH_CLIENT_ID',
  'MEDTECH_CLIENT_SECRET',
  'MEDTECH_TENANT_ID',
  'MEDTECH_API_SCOPE',
] as const;

export type AlexMode = 'live' | 'emulator';

/** The nested configuration the app reads, from a validated environment (derived values included). */
export function buildConfig(env: Env) {
  const credentialsSet = CREDENTIAL_NAMES.filter((name) => env[name] !== undefined);
  const mode: AlexMode = credentialsSet.length === 0 ? 'emulator' : 'live';
  const production = env.NODE_ENV === 'production';
  // The dev key is public: only the emulator may sit behind it, never real ALEX (CONFIG.md).
  const devKeyAllowed = mode === 'emulator' && !production && env.GATEWAY_API_KEYS.length === 0;
  const apiKeys = devKeyAllowed ? [DEV_API_KEY] : env.GATEWAY_API_KEYS;
  return {
    production,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    medtech: {
      mode,
      clientId: env.MEDTECH_CLIENT_ID ?? '',
      clientSecret: env.MEDTECH_CLIENT_SECRET ?? '',
      tenantId: env.MEDTECH_TENANT_ID ?? '',
      scope: env.MEDTECH_API_SCOPE ?? '',
      apiBaseUrl: env.MEDTECH_API_BASE_URL.replace(/\/+$/, ''),
      tokenUrl:
        env.MEDTECH_TOKEN_URL ??
        `https://login.microsoftonline.com/${env.MEDTECH_TENANT_ID ?? 'emulator'}/oauth2/v2.0/token`,
      facilityId: env.MEDTECH_FACILITY_ID,
      facilityIds: env.MEDTECH_FACILITY_IDS.length > 0 ? env.MEDTECH_FACILITY_IDS : [env.MEDTECH_FACILITY_ID],
      appId: env.MEDTECH_APP_ID,
      testNhi: env.MEDTECH_TEST_NHI,
      tokenRefreshMarginSeconds: env.MEDTECH_TOKEN_REFRESH_MARGIN_SECONDS,
    },
    alex: {
      timeoutMs: env.ALEX_TIMEOUT_MS,
      deadlineMs: env.ALEX_DEADLINE_MS,
      maxAttempts: env.ALEX_MAX_ATTEMPTS,
      concurrency: env.ALEX_CONCURRENCY,
    },
    auth: {
      apiKeys,
      usingDevApiKey: apiKeys.length === 1 && apiKeys[0] === DEV_API_KEY,
    },
    rateLimit: {
      perMinute: env.RATE_LIMIT_PER_MINUTE,
      mobilePerMinute: env.MOBILE_RATE_LIMIT_PER_MINUTE,
    },
    corsOrigins: env.CORS_ORIGINS,
    mobile: {
      // A random secret per process is fine for development: sessions die with the process anyway.
      tokenSecret: env.MOBILE_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
      uploadBaseUrl: env.MOBILE_UPLOAD_BASE_URL ?? `http://localhost:${env.PORT}/mobile`,
      sessionTtlSeconds: env.MOBILE_SESSION_TTL_SECONDS,
    },
    store: {
      kind: env.STORE,
      redisUrl: env.REDIS_URL,
      stagingTtlSeconds: env.STAGING_TTL_SECONDS,
    },
    images: {
      maxInputBytes: env.IMAGE_MAX_INPUT_BYTES,
      maxInputPixels: env.IMAGE_MAX_INPUT_PIXELS,
      maxOutputBytes: env.IMAGE_MAX_OUTPUT_BYTES,
      maxEdgePx: env.IMAGE_MAX_EDGE_PX,
    },
    emulator: { port: env.EMULATOR_PORT },
    docs: { enabled: env.API_DOCS_ENABLED ?? !production },
  };
}

export type Config = ReturnType<typeof buildConfig>;

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
