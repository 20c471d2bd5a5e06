import { z } from 'zod';
import { isTrustProxySetting } from './trust-proxy';
import { NHI_PATTERN } from '../schemas/patterns';

/**
 * The environment variables of CONFIG.md, parsed. Names are part of the contract.
 * Defaults that depend on other variables (token URL, facility list, upload URL) are
 * filled in by `buildConfig`, not here, so this schema reads like the table.
 */
const intFrom = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
// Plain `z.url()` takes `localhost:3000/x` (scheme "localhost:") or `javascript:`; only web URLs make sense here.
const httpUrl = () => z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

export const envSchema = z.object({
  PORT: port(3000),
  HOST: z.string().default('0.0.0.0'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  TRUST_PROXY: z
    .string()
    .refine(isTrustProxySetting, 'must be true, false, a hop count, or addresses, subnets and named ranges')
    .default('loopback'),

  MEDTECH_CLIENT_ID: optionalText,
  MEDTECH_CLIENT_SECRET: optionalText,
  MEDTECH_TENANT_ID: optionalText,
  MEDTECH_API_SCOPE: optionalText,
  MEDTECH_API_BASE_URL: httpUrl().default('https://alexapiuat.medtechglobal.com/FHIR'),
  MEDTECH_TOKEN_URL: httpUrl().optional(),
  MEDTECH_FACILITY_ID: z.string().min(1).default('F2N060-E'),
  MEDTECH_FACILITY_IDS: commaList,
  MEDTECH_APP_ID: optionalText,
  MEDTECH_TEST_NHI: z
    .string()
    .regex(NHI_PATTERN, 'must look like an NHI (AAANNNN or AAANNAX, no I or O)')
    .default('ZZZ0016'),
  MEDTECH_TOKEN_REFRESH_MARGIN_SECONDS: intFrom(300),
  // Launch from Medtech Evolution (CONFIG.md, second wave); the URL's default is built from the FHIR base.
  MEDTECH_LAUNCH_DECODE_URL: httpUrl().optional(),
  LAUNCH_MAX_AGE_SECONDS: intFrom(300, 1),
  MEDTECH_WRITE_TARGET: z.enum(['media', 'scan', 'both']).default('media'),
  MEDTECH_SCAN_FORMAT: z.enum(['pdf', 'tiff']).default('pdf'),

  ALEX_TIMEOUT_MS: intFrom(4000, 1),
  ALEX_DEADLINE_MS: intFrom(10000, 1),
  ALEX_MAX_ATTEMPTS: intFrom(3, 1),
  ALEX_CONCURRENCY: intFrom(4, 1),
  ALEX_WRITE_TIMEOUT_MS: intFrom(30000, 1),
  ALEX_WRITE_SETTLE_SECONDS: intFrom(120, 0),
  DELIVERY_RETRY_BASE_SECONDS: intFrom(30, 0),
  COMMIT_RESPONSE_BUDGET_MS: intFrom(20000, 1),

  GATEWAY_API_KEYS: commaList,
  RATE_LIMIT_PER_MINUTE: intFrom(600, 1),
  MOBILE_RATE_LIMIT_PER_MINUTE: intFrom(60, 1),
  // Browsers send `https://host[:port]`, never a path or a trailing slash: keep only the origin,
  // so `https://app.example/` still matches, and refuse what is not one (`*`, a bare host).
  CORS_ORIGINS: commaList.pipe(z.array(httpUrl().transform((value) => new URL(value).origin))),

  MOBILE_TOKEN_SECRET: optionalText,
  MOBILE_UPLOAD_BASE_URL: httpUrl().optional(),
  MOBILE_SESSION_TTL_SECONDS: intFrom(600, 1),

  STORE: z.enum(['memory', 'redis']).default('memory'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  STAGING_TTL_SECONDS: intFrom(86400, 1),
  // Every Redis key, the BullMQ prefix and pub/sub channels start with it (CONFIG.md, second wave).
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or _ . : -')
    .default('cpgw:'),

  IMAGE_MAX_INPUT_BYTES: intFrom(26214400, 1),
  IMAGE_MAX_INPUT_PIXELS: intFrom(60000000, 1),
  IMAGE_MAX_OUTPUT_BYTES: intFrom(1048576, 1024),
  IMAGE_MAX_EDGE_PX: intFrom(2048, 16),
  UPLOAD_MAX_BUFFERED_BYTES: intFrom(268435456, 1),
  IMAGE_MAX_INPUT_EDGE_PX: intFrom(16384, 16),

  EMULATOR_PORT: port(0),

  GATEWAY_PUBLIC_URL: httpUrl().optional(),
  EVENTS_TOKEN_TTL_SECONDS: intFrom(7200, 1),
  EVENTS_MAX_STREAMS: intFrom(1000, 1),
  /** Not in CONFIG.md's table: the SSE keep-alive interval, at most 15 s (GATEWAY-API.md); tests shorten it. */
  EVENTS_KEEPALIVE_MS: z.coerce.number().int().min(10).max(15000).default(15000),
  METRICS_TOKEN: optionalText,
  /** Not in CONFIG.md's table: where the audit trail's JSON-lines files live (issue 15). */
  AUDIT_DIR: z.string().min(1).default('./data/audit'),
  AUDIT_RETENTION_DAYS: intFrom(3650, 1),

  /** Not in CONFIG.md's table: turns Swagger UI on in production (issue 6). */
  API_DOCS_ENABLED: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true')),
});

export type Env = z.infer<typeof envSchema>;
