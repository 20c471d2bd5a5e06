import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { createAlexClient, type AlexClientDeps } from '../../../src/services/alex';
import { createTokenService } from '../../../src/services/oauth';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig } from '../../helpers/test-config';

export const UAT_FACILITY = 'F2N060-E';
export const OTHER_FACILITY = 'F99669-C';
export const SEED_NHI = 'ZZZ0016';
export const SEED_PATIENT_ID = '14e52e16edb7a435bfa05e307afd008b';

/**
 * A live-mode config pointing at a running emulator. Timeouts are short but leave room for a
 * loaded CI machine; tests that want a timeout set their own.
 */
export function emulatorConfig(emu: RunningEmulator, overrides: Record<string, string> = {}) {
  return testConfig({
    MEDTECH_CLIENT_ID: emu.credentials.clientId,
    MEDTECH_CLIENT_SECRET: emu.credentials.clientSecret,
    MEDTECH_TENANT_ID: emu.credentials.tenantId,
    MEDTECH_API_SCOPE: emu.credentials.scope,
    MEDTECH_TOKEN_URL: emu.tokenUrl,
    MEDTECH_API_BASE_URL: emu.fhirBaseUrl,
    MEDTECH_FACILITY_IDS: `${UAT_FACILITY},${OTHER_FACILITY}`,
    ALEX_TIMEOUT_MS: '1000',
    ALEX_DEADLINE_MS: '4000',
    ...overrides,
  });
}

/** The real token service and ALEX client against the emulator; backoff sleeps are recorded, not slept. */
export function wireAgainst(
  emu: RunningEmulator,
  overrides: Record<string, string> = {},
  extra: Partial<AlexClientDeps> = {},
) {
  const config = emulatorConfig(emu, overrides);
  const logs = captureLogs('info');
  const sleeps: number[] = [];
  const tokens = createTokenService({ config, logger: logs.logger });
  const alex = createAlexClient({
    config,
    tokens,
    logger: logs.logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { config, logs, tokens, alex, sleeps };
}

export { startEmulator, type RunningEmulator };
