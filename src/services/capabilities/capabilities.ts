import { createHash } from 'node:crypto';
import type { Config } from '../../config';
import { DICTIONARIES, type Coding } from './dictionaries';

// The upload limits are part of the wire contract (schemas/); capabilities shows them.
import {
  ACCEPTED_UPLOAD_TYPES,
  MAX_FILES_PER_REQUEST,
  MAX_TOTAL_BYTES_PER_ENCOUNTER,
} from '../../schemas/limits';
import { WRITE_TARGETS, type ScanFormat, type WriteTarget } from '../../schemas/statuses';

const PRODUCTION_ALEX_HOST = 'alexapi.medtechglobal.com';

export type ProviderEnvironment = 'uat' | 'production' | 'emulator';

/** Where a committed photo may land (GATEWAY-API.md, "Write targets"), in the order shown. */

/** The body of `GET /api/integrations/medtech/capabilities`, exactly as GATEWAY-API.md shows it. */
export interface CapabilitiesBody {
  provider: { name: 'alex'; environment: ProviderEnvironment };
  features: {
    images: {
      enabled: true;
      mobileHandoff: { qr: true; ttlSeconds: number };
      inbox: { enabled: true };
      tasks: { enabled: true };
      writeTargets: { default: WriteTarget; available: readonly WriteTarget[]; scanFormat: ScanFormat };
      quickChips: {
        laterality: readonly Coding[];
        bodySitesCommon: readonly Coding[];
        views: readonly Coding[];
        types: readonly Coding[];
      };
    };
  };
  limits: {
    attachments: {
      acceptedTypes: readonly string[];
      maxInputBytes: number;
      maxSizeBytes: number;
      maxPerRequest: number;
      maxTotalBytesPerEncounter: number;
    };
  };
}

/** The capabilities document, serialised once, with its strong ETag. */
export interface Capabilities {
  body: CapabilitiesBody;
  /** The exact JSON text served; the ETag is its hash. */
  json: string;
  /** A strong ETag: the quoted hex SHA-256 of `json`. */
  etag: string;
}

type CapabilitiesConfig = Pick<Config, 'medtech' | 'mobile' | 'images'>;

/** Which ALEX the gateway talks to, as the frontend should label it. */
export function providerEnvironment(config: Readonly<Pick<Config, 'medtech'>>): ProviderEnvironment {
  if (config.medtech.mode === 'emulator') return 'emulator';
  const host = new URL(config.medtech.apiBaseUrl).hostname.toLowerCase();
  return host === PRODUCTION_ALEX_HOST ? 'production' : 'uat';
}

/**
 * Builds the capabilities response from the checked-in dictionaries and the configured limits.
 * Called once at start-up: nothing in it changes while the process runs, so the ETag is stable
 * and every process with the same config serves the same one.
 */
export function createCapabilities(config: Readonly<CapabilitiesConfig>): Capabilities {
  const body: CapabilitiesBody = {
    provider: { name: 'alex', environment: providerEnvironment(config) },
    features: {
      images: {
        enabled: true,
        mobileHandoff: { qr: true, ttlSeconds: config.mobile.sessionTtlSeconds },
        inbox: { enabled: true },
        tasks: { enabled: true },
        writeTargets: {
          default: config.medtech.writeTarget,
          available: WRITE_TARGETS,
          scanFormat: config.medtech.scanFormat,
        },
        quickChips: {
          laterality: DICTIONARIES.laterality,
          bodySitesCommon: DICTIONARIES.bodySitesCommon,
          views: DICTIONARIES.views,
          types: DICTIONARIES.types,
        },
      },
    },
    limits: {
      attachments: {
        acceptedTypes: ACCEPTED_UPLOAD_TYPES,
        maxInputBytes: config.images.maxInputBytes,
        maxSizeBytes: config.images.maxOutputBytes,
        maxPerRequest: MAX_FILES_PER_REQUEST,
        maxTotalBytesPerEncounter: MAX_TOTAL_BYTES_PER_ENCOUNTER,
      },
    },
  };
  const json = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(json).digest('hex')}"`;
  return Object.freeze({ body, json, etag });
}
