import type { ErrorCode } from '../../errors';

/** Any request may meet these: an unexpected failure, or a gateway that is shutting down. */
export const ALWAYS: ErrorCode[] = ['INTERNAL', 'SERVICE_UNAVAILABLE'];

/** Every API-key operation: the key check and the per-key rate limit. */
export const API_KEY_ERRORS: ErrorCode[] = ['UNAUTHENTICATED', 'RATE_LIMITED', ...ALWAYS];

/** A phone token can also be expired or replaced; the per-IP phone limit applies. */
export const PHONE_ERRORS: ErrorCode[] = [
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'SESSION_REVOKED',
  'RATE_LIMITED',
  ...ALWAYS,
];

/** What express.json() can refuse before a controller sees the body. */
export const JSON_BODY_ERRORS: ErrorCode[] = [
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
];

/** Operations that take a facilityId from an API-key caller. */
export const FACILITY_ERRORS: ErrorCode[] = ['VALIDATION_FAILED', 'FACILITY_NOT_ALLOWED'];
