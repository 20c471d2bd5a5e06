import type { Env } from './schema';
import type { ConfigProblem } from './problems';
import { CREDENTIAL_NAMES, DEV_API_KEY } from './build';

const MIN_SECRET_LENGTH = 32;

/** Rules that span several variables; each broken rule is named, never its value. */
export function crossChecks(env: Env): ConfigProblem[] {
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
  if (production && env.METRICS_TOKEN === undefined) {
    problems.push({ variable: 'METRICS_TOKEN', problem: 'required in production' });
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
  // A body without Content-Length reserves IMAGE_MAX_INPUT_BYTES: a smaller budget would refuse it always.
  if (env.UPLOAD_MAX_BUFFERED_BYTES < env.IMAGE_MAX_INPUT_BYTES) {
    problems.push({
      variable: 'UPLOAD_MAX_BUFFERED_BYTES',
      problem: 'must be at least IMAGE_MAX_INPUT_BYTES',
    });
  }
  if (env.ALEX_TIMEOUT_MS > env.ALEX_DEADLINE_MS) {
    problems.push({ variable: 'ALEX_TIMEOUT_MS', problem: 'must not exceed ALEX_DEADLINE_MS' });
  }
  return problems;
}
