import { LAUNCH_DECODE_PATH, type Config } from '../config';
import type { Logger } from '../logging/logger';
import { deepFreeze } from '../utils/deep-freeze';
import { startEmulator, type RunningEmulator } from './start';

/**
 * Starts the emulator inside the gateway's process (emulator mode) on 127.0.0.1 at
 * `config.emulator.port`, and returns a new frozen config whose ALEX URLs and credentials
 * point at it. `facilityIds` is left as configured: MEDTECH_FACILITY_IDS (default
 * MEDTECH_FACILITY_ID) decides which practices get `403 FACILITY_NOT_ALLOWED`, in emulator mode
 * too (CONFIG.md); list both seeded facilities there to demo both. The caller owns `emulator.close()`.
 */
export async function startEmbeddedEmulator(
  config: Readonly<Config>,
  logger: Logger,
): Promise<{ config: Readonly<Config>; emulator: RunningEmulator }> {
  const emulator = await startEmulator({ host: '127.0.0.1', port: config.emulator.port, logger });
  const next = structuredClone(config) as Config;
  const { credentials } = emulator;
  next.medtech.tokenUrl = emulator.tokenUrl;
  next.medtech.apiBaseUrl = emulator.fhirBaseUrl;
  if (!next.launch.decodeUrlConfigured)
    next.launch.decodeUrl = `${emulator.fhirBaseUrl}${LAUNCH_DECODE_PATH}`;
  next.medtech.clientId = credentials.clientId;
  next.medtech.clientSecret = credentials.clientSecret;
  next.medtech.tenantId = credentials.tenantId;
  next.medtech.scope = credentials.scope;
  logger.info('ALEX emulator started', { url: emulator.url, facilityIds: next.medtech.facilityIds });
  return { config: deepFreeze(next), emulator };
}
