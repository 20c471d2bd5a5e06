import { createAlexClient } from '../../../src/services/alex';
import type { BreakerOptions } from '../../../src/services/alex';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig } from '../../helpers/test-config';
import { fakeAlex, fakeTime, fakeTokens, type Step } from './fake-alex';

export const BASE_URL = 'https://alex.test/FHIR';

/** A client wired to a fake ALEX, a fake clock and fake sleeps; everything observable. */
export function clientUnderTest(
  options: {
    env?: Record<string, string>;
    random?: () => number;
    fallback?: Step;
    breaker?: Partial<BreakerOptions>;
  } = {},
) {
  const config = testConfig({
    MEDTECH_API_BASE_URL: BASE_URL,
    ALEX_TIMEOUT_MS: '300',
    ALEX_DEADLINE_MS: '2000',
    ALEX_MAX_ATTEMPTS: '3',
    MEDTECH_FACILITY_IDS: 'F2N060-E,F99669-C',
    ...options.env,
  });
  const alex = fakeAlex(options.fallback);
  const time = fakeTime();
  const tokens = fakeTokens();
  const logs = captureLogs('info');
  const client = createAlexClient({
    config,
    tokens,
    logger: logs.logger,
    clock: time.clock,
    sleep: time.sleep,
    random: options.random ?? (() => 0.5),
    exchange: alex.exchange,
    breaker: options.breaker,
  });
  return { config, alex, time, tokens, logs, client };
}

export const PATIENT_ID = '14e52e16edb7a435bfa05e307afd008b';

export const facilityOffline = {
  resourceType: 'OperationOutcome',
  issue: [
    {
      severity: 'error',
      code: 'exception',
      diagnostics: 'Cannot establish connection to the facility. Please try again later.',
    },
  ],
};
