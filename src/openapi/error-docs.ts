import { ERROR_CATALOGUE, type ErrorCode, type ErrorDetail } from '../errors';
import { EXAMPLE_CORRELATION_ID } from './examples';

/**
 * When each code happens, for the response descriptions (GATEWAY-API.md, "Errors"). A Record
 * over every code, so a code added to the catalogue cannot be left undocumented.
 */
export const WHEN: Record<ErrorCode, string> = {
  VALIDATION_FAILED:
    "malformed JSON, wrong types, unknown dictionary codes, too many files; a request Node's HTTP parser refuses (bad request line, method, version, header or chunk size)",
  UNAUTHENTICATED: 'missing or wrong API key or mobile token',
  FACILITY_NOT_ALLOWED: 'the facility is not configured for this gateway (MEDTECH_FACILITY_IDS)',
  NOT_FOUND: 'no such route',
  PATIENT_NOT_FOUND: 'the patient does not exist in Medtech for this practice',
  FILE_NOT_FOUND: "no photo with this id that this caller may see (expired, deleted, or another session's)",
  SESSION_NOT_FOUND: 'no phone session with this id for this practice',
  UPLOAD_ALREADY_RECEIVED: 'the photo was already received (a failed upload may be sent again)',
  UPLOAD_IN_PROGRESS:
    'another upload of the same photo is being received or processed (refused before this body is read)',
  COMMIT_IN_PROGRESS: 'another commit of the same photo is running',
  FILE_ALREADY_COMMITTED: 'the photo is saved in Medtech and can no longer be deleted here',
  SESSION_EXPIRED: 'the phone link is older than its time to live',
  SESSION_REVOKED: 'the phone link was replaced by a newer QR code for the same encounter',
  FILE_TOO_LARGE: 'the photo, declared or sent, is larger than IMAGE_MAX_INPUT_BYTES',
  PAYLOAD_TOO_LARGE: 'the JSON body is over 1 MB, or the visit would go over its total upload limit',
  REQUEST_TIMEOUT: 'the request (headers or body) did not arrive within the server timeouts',
  HEADERS_TOO_LARGE: "the request's headers are over Node's 16 KB limit (answered before any route runs)",
  UNSUPPORTED_MEDIA_TYPE:
    'the bytes are not JPEG, PNG, WebP, HEIC or HEIF, or the declared type names another type (application/octet-stream is let through: the bytes decide)',
  IMAGE_UNREADABLE:
    'truncated, corrupt or partly grey image (any decoder warning), more pixels than IMAGE_MAX_INPUT_PIXELS or a side longer than IMAGE_MAX_INPUT_EDGE_PX',
  SCAN_TOO_LARGE:
    "per file, in a commit's result: the Inbox Scan document (PDF or TIFF) would be 8 MB or more, which ALEX refuses",
  TOO_MANY_STREAMS: 'a sixth event stream for one session in one process',
  RATE_LIMITED: 'the caller sent too many requests, or the image pipeline is full',
  ALEX_REJECTED: 'ALEX refused what the gateway sent (4xx upstream)',
  ALEX_FORBIDDEN: 'ALEX refused this practice (403 upstream)',
  ALEX_AUTH_FAILED: 'the gateway could not sign in to Medtech',
  PRACTICE_OFFLINE: "Medtech cannot reach the practice's server (503 upstream)",
  ALEX_BUSY: 'ALEX kept answering 429 after retries',
  ALEX_UNAVAILABLE: 'ALEX is failing for this practice and the circuit breaker is open',
  STORE_UNAVAILABLE:
    'Redis did not answer within 2 s (stopped, frozen or unreachable); nothing was sent to Medtech',
  SERVICE_UNAVAILABLE: 'the gateway is shutting down or restarting',
  GATEWAY_BUSY:
    'more upload bytes would be held in memory than UPLOAD_MAX_BUFFERED_BYTES (refused before this body is read; Retry-After)',
  ALEX_TIMEOUT: 'ALEX did not answer in time (a retry never creates a duplicate)',
  ALEX_UNREACHABLE: "no connection to ALEX at all (the gateway's IP may not be allow-listed)",
  DELIVERY_UNCERTAIN:
    'per file only: a write may be in Medtech and cannot be checked; send it again only with "resend": true',
  DELIVERY_EXPIRED: 'per file only: a queued write could not be delivered within STAGING_TTL_SECONDS',
  INTERNAL: 'anything unexpected; nothing internal leaks',
  LAUNCH_ALREADY_USED: 'this launch pair was decoded before (within LAUNCH_MAX_AGE_SECONDS)',
  LAUNCH_EXPIRED: 'the launch was made in Evolution more than LAUNCH_MAX_AGE_SECONDS ago',
  LAUNCH_INVALID: 'ALEX refused to decode the launch pair (tampered, truncated or not from Evolution)',
};

/** Typical `details` for the examples: field problems, or upstream issue codes. */
const EXAMPLE_DETAILS: Partial<Record<ErrorCode, ErrorDetail[]>> = {
  VALIDATION_FAILED: [
    { path: 'files.0.meta.laterality', problem: 'not a code from the capabilities dictionaries' },
  ],
  FILE_TOO_LARGE: [{ path: 'file', problem: 'must be at most 26214400 bytes' }],
  UNSUPPORTED_MEDIA_TYPE: [
    { path: 'files.0.contentType', problem: 'must be one of the accepted image types' },
  ],
  ALEX_REJECTED: [{ code: 'invalid', severity: 'error' }],
  PRACTICE_OFFLINE: [{ code: 'transient', severity: 'error' }],
};

/** The body the error handler sends for `code` with the catalogue message. */
export function errorExample(code: ErrorCode) {
  const entry = ERROR_CATALOGUE[code];
  return {
    error: {
      code,
      message: entry.message,
      correlationId: EXAMPLE_CORRELATION_ID,
      retryable: entry.retryable,
      details: EXAMPLE_DETAILS[code] ?? [],
    },
  };
}

/** Codes grouped by the HTTP status the catalogue gives them, in ascending status order. */
export function codesByStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const groups = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_CATALOGUE[code].status;
    groups.set(status, [...(groups.get(status) ?? []), code]);
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** A Markdown description of an error response: each code and when it happens. */
export function describeErrors(status: number, codes: readonly ErrorCode[]): string {
  const lines = codes.map((code) => `- \`${code}\`: ${WHEN[code]}`);
  return [`${STATUS_TEXT[status] ?? 'Error'}, in the error envelope.`, '', ...lines].join('\n');
}
