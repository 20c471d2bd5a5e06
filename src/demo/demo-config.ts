import type { Config } from '../config';

/** A test patient the demo page offers in its picker (emulator data, never real people). */
export interface DemoPatient {
  facilityId: string;
  patientId: string;
  name: string;
  nhi: string;
}

/** A practitioner id the demo page suggests for provider, inbox recipient and task assignee. */
export interface DemoPractitioner {
  id: string;
  name: string;
}

/**
 * What `GET /demo/config.json` returns. `apiKeyHint` prefills the demo's key field; pass it only
 * in emulator mode with the well-known dev key (see {@link demoConfigFrom}): real keys are never
 * embedded in a page.
 */
export interface DemoConfig {
  apiKeyHint?: string;
  facilities: string[];
  patients: DemoPatient[];
  practitioners?: DemoPractitioner[];
  /** True when `POST /demo/launch` can mint a Medtech Evolution launch (embedded emulator only). */
  emulatorLaunch?: boolean;
}

/**
 * The demo's configuration from the gateway's: the dev key is offered only when the gateway runs
 * against the emulator with that key, the one case where the key is public anyway.
 */
export function demoConfigFrom(
  config: Readonly<Config>,
  patients: DemoPatient[],
  practitioners: DemoPractitioner[] = [],
): DemoConfig {
  const offerKey = config.medtech.mode === 'emulator' && config.auth.usingDevApiKey;
  return {
    ...(offerKey ? { apiKeyHint: config.auth.apiKeys[0] } : {}),
    facilities: [...config.medtech.facilityIds],
    patients,
    practitioners,
  };
}
