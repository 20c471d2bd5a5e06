import { buildConfig, type Config } from './build';
import { crossChecks } from './cross-checks';
import { ConfigError } from './problems';
import { envSchema } from './schema';
import { deepFreeze } from '../utils/deep-freeze';

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
