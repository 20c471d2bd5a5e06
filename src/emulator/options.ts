import type { Logger } from '../logging/logger';

/** How an emulator instance behaves; every field is optional. */
export interface EmulatorOptions {
  /** Refuse requests carrying `mt-appid` with 403, as real UAT did in November 2025. Default false. */
  strictAppId?: boolean;
  /** `expires_in` of issued tokens. Default 3599, like Entra. */
  tokenLifetimeSeconds?: number;
  /** Latency added to every /FHIR route (not the token endpoint). Default 0. */
  latencyMs?: number;
  /** When given, each answered request is logged at debug level (no headers, no bodies). */
  logger?: Logger;
}

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3599;
