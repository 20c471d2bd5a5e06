import { randomBytes } from 'node:crypto';
import { envSchema, type Env } from './schema';
import { deepFreeze } from '../utils/deep-freeze';

/** The key accepted in emulator mode when GATEWAY_API_KEYS is unset (CONFIG.md). */
export const DEV_API_KEY = 'dev-local-key-0000000000000000000';
const CREDENTIAL_NAMES = [
  'MEDTECH_CLIENT_ID',
  'MEDTECH_CLIENT_SECRET',
  'MEDTECH_TENANT_ID',
  'MEDTECH_API_SCOPE',
] as const;
const MIN_SECRET_LENGTH = 32;

export type AlexMode = 'live' | 'emulator';

/** One problem with the environment: the variable's name and what is wrong, never its value. */
export interface ConfigProblem {
  variable: string;
  problem: string;
}

/** Thrown when the environment cannot make a working gateway; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function buildConfig(env: Env) {
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

/** Rules that span several variables; each broken rule is named, never its value. */
function crossChecks(env: Env): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const missingCredentials = CREDENTIAL_NAMES.filter((name) => env[name] === undefined);
  const production = env.NODE_ENV === 'production';
  if (missingCredentials.length > 0 && missingCredentials.length < CREDENTIAL_NAMES.length) {
    for (const name of missingCredentials) {
      problems.push({ variable: name, problem: 'required when any ALEX credential is set' });
    }
  }
  if (production && missingCredentials.length === CREDENTIAL_NAMES.length) {
    for (const name of missingCredentials) {
      problems.push({ variable: name, problem: 'required in production (the emulator never runs there)' });
    }
  }
  if (production) {
    if (env.GATEWAY_API_KEYS.length === 0) {
      problems.push({ variable: 'GATEWAY_API_KEYS', problem: 'required in production' });
    }
    env.GATEWAY_API_KEYS.forEach((key, index) => {
      if (key.length < MIN_SECRET_LENGTH) {
        problems.push({
          variable: 'GATEWAY_API_KEYS',
          problem: `key #${index + 1} is shorter than ${MIN_SECRET_LENGTH} characters`,
        });
      }
    });
    // The dev key is printed in the README: set explicitly it would still be a public key.
    if (env.GATEWAY_API_KEYS.includes(DEV_API_KEY)) {
      problems.push({ variable: 'GATEWAY_API_KEYS', problem: 'must not contain the public development key' });
    }
  }
  if (env.MOBILE_TOKEN_SECRET === undefined && production) {
    problems.push({ variable: 'MOBILE_TOKEN_SECRET', problem: 'required in production' });
  }
  if (env.MOBILE_TOKEN_SECRET !== undefined && env.MOBILE_TOKEN_SECRET.length < MIN_SECRET_LENGTH) {
    problems.push({
      variable: 'MOBILE_TOKEN_SECRET',
      problem: `must be at least ${MIN_SECRET_LENGTH} characters`,
    });
  }
  if (env.ALEX_TIMEOUT_MS > env.ALEX_DEADLINE_MS) {
    problems.push({ variable: 'ALEX_TIMEOUT_MS', problem: 'must not exceed ALEX_DEADLINE_MS' });
  }
  return problems;
}

/**
 * Parses and validates an environment. Throws one ConfigError listing every problem by
 * variable name. Pure: tests call it with their own objects.
 */
export function loadConfig(source: NodeJS.ProcessEnv): Readonly<Config> {
  // An empty variable (`FOO=` in .env, as .env.example has them) means "use the default".
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    // zod messages describe the expectation, never the received value, so they are safe to print.
    const problems = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(environment)'),
      problem: issue.message,
    }));
    throw new ConfigError(problems);
  }
  const problems = crossChecks(parsed.data);
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(buildConfig(parsed.data));
}

let cached: Readonly<Config> | undefined;

/** The process's configuration, read once from process.env (and `.env` outside production). */
export function getConfig(): Readonly<Config> {
  if (!cached) {
    if (process.env.NODE_ENV !== 'production') {
      // dotenv never overrides variables already set, so the shell and PM2 win over the file.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('dotenv').config({ quiet: true });
    }
    cached = loadConfig(process.env);
  }
  return cached;
}
