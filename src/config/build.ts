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

/** Where ClinicPro's launch decode sits under the FHIR base (ALEX.md section 8); configurable. */
export const LAUNCH_DECODE_PATH = '/vendorforms/api/getlaunchcontextstring';

/** The nested configuration the app reads, from a validated environment (derived values included). */
export function buildConfig(env: Env) {
  const credentialsSet = CREDENTIAL_NAMES.filter((name) => env[name] !== undefined);
  const mode: AlexMode = credentialsSet.length === 0 ? 'emulator' : 'live';
  const production = env.NODE_ENV === 'production';
  // The dev key is public: only the emulator may sit behind it, never real ALEX (CONFIG.md).
  const devKeyAllowed = mode === 'emulator' && !production && env.GATEWAY_API_KEYS.length === 0;
  const apiKeys = devKeyAllowed ? [DEV_API_KEY] : env.GATEWAY_API_KEYS;
  // Every absolute URL the gateway hands out starts here, never at the request's Host header.
  const publicUrl = (env.GATEWAY_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return {
    production,
    port: env.PORT,
    host: env.HOST,
    publicUrl,
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
      /** Where a commit writes when its body names no `target` (GATEWAY-API.md, "Write targets"). */
      writeTarget: env.MEDTECH_WRITE_TARGET,
      /** The Inbox Scan document's format: a PDF wrapping the JPEG unchanged, or an RGB TIFF. */
      scanFormat: env.MEDTECH_SCAN_FORMAT,
    },
    alex: {
      timeoutMs: env.ALEX_TIMEOUT_MS,
      deadlineMs: env.ALEX_DEADLINE_MS,
      maxAttempts: env.ALEX_MAX_ATTEMPTS,
      concurrency: env.ALEX_CONCURRENCY,
      writeTimeoutMs: env.ALEX_WRITE_TIMEOUT_MS,
      writeSettleSeconds: env.ALEX_WRITE_SETTLE_SECONDS,
    },
    delivery: {
      retryBaseSeconds: env.DELIVERY_RETRY_BASE_SECONDS,
      commitResponseBudgetMs: env.COMMIT_RESPONSE_BUDGET_MS,
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
      uploadBaseUrl: env.MOBILE_UPLOAD_BASE_URL ?? `${publicUrl}/mobile`,
      sessionTtlSeconds: env.MOBILE_SESSION_TTL_SECONDS,
    },
    store: {
      kind: env.STORE,
      redisUrl: env.REDIS_URL,
      keyPrefix: env.REDIS_KEY_PREFIX,
      stagingTtlSeconds: env.STAGING_TTL_SECONDS,
    },
    images: {
      maxInputBytes: env.IMAGE_MAX_INPUT_BYTES,
      maxInputPixels: env.IMAGE_MAX_INPUT_PIXELS,
      maxOutputBytes: env.IMAGE_MAX_OUTPUT_BYTES,
      maxEdgePx: env.IMAGE_MAX_EDGE_PX,
      maxInputEdgePx: env.IMAGE_MAX_INPUT_EDGE_PX,
    },
    launch: {
      decodeUrl: (
        env.MEDTECH_LAUNCH_DECODE_URL ??
        `${env.MEDTECH_API_BASE_URL.replace(/\/+$/, '')}${LAUNCH_DECODE_PATH}`
      ).replace(/\/+$/, ''),
      /** False when the URL follows MEDTECH_API_BASE_URL (the embedded emulator then moves it too). */
      decodeUrlConfigured: env.MEDTECH_LAUNCH_DECODE_URL !== undefined,
      maxAgeSeconds: env.LAUNCH_MAX_AGE_SECONDS,
    },
    uploads: { maxBufferedBytes: env.UPLOAD_MAX_BUFFERED_BYTES },
    emulator: { port: env.EMULATOR_PORT },
    events: {
      tokenTtlSeconds: env.EVENTS_TOKEN_TTL_SECONDS,
      maxStreams: env.EVENTS_MAX_STREAMS,
      keepAliveMs: env.EVENTS_KEEPALIVE_MS,
    },
    observability: {
      metricsToken: env.METRICS_TOKEN,
      auditDir: env.AUDIT_DIR,
      auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    },
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
