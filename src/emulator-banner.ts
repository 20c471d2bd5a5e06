import type { Config } from './config';

/**
 * The human-readable lines printed at start-up in emulator mode: what is running, the dev key
 * (public by design, accepted only outside production), one curl line to try and where the
 * emulator's journal shows what the gateway sent ALEX. Written to stdout directly, because the
 * logger would rightly redact the key.
 */
export function emulatorBanner(config: Readonly<Config>, port: number, emulatorUrl?: string): string {
  const base = `http://localhost:${port}`;
  const emulator = emulatorUrl ?? config.medtech.apiBaseUrl.replace(/\/FHIR$/i, '');
  const key = config.auth.usingDevApiKey ? config.auth.apiKeys[0] : '<one of GATEWAY_API_KEYS>';
  return [
    '',
    '  ClinicPro gateway in EMULATOR MODE: no MEDTECH_* credentials are set, so ALEX calls go to the',
    `  built-in ALEX emulator at ${config.medtech.apiBaseUrl} (seed data only, no real patients).`,
    `  API key: ${key}`,
    `  Try:     curl -H "Authorization: Bearer ${key}" "${base}/api/medtech/test?facilityId=${config.medtech.facilityId}&nhi=${config.medtech.testNhi}"`,
    `  Demo:    ${base}/demo      API docs: ${base}/docs`,
    `  Journal: ${emulator}/__emulator/journal   (every request the gateway sent the emulator)`,
    '',
  ].join('\n');
}
