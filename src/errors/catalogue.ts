/**
 * The gateway's error catalogue (GATEWAY-API.md, "Errors"): every code a caller can see,
 * with its HTTP status, whether retrying can help, and the message a clinician reads.
 * Messages never carry FHIR jargon, upstream text, identifiers or secrets.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: {
    status: 400,
    retryable: false,
    message: 'Some of the information sent was not valid. Please check it and try again.',
  },
  UNAUTHENTICATED: {
    status: 401,
    retryable: false,
    message: 'This request could not be authenticated. Sign in again or rescan the QR code.',
  },
  FACILITY_NOT_ALLOWED: {
    status: 403,
    retryable: false,
    message: 'This practice is not set up to use the ClinicPro gateway.',
  },
  NOT_FOUND: { status: 404, retryable: false, message: 'The requested resource does not exist.' },
  PATIENT_NOT_FOUND: {
    status: 404,
    retryable: false,
    message: 'The patient could not be found in Medtech for this practice.',
  },
  FILE_NOT_FOUND: {
    status: 404,
    retryable: false,
    message: 'The photo could not be found. It may have expired or been deleted.',
  },
  SESSION_NOT_FOUND: {
    status: 404,
    retryable: false,
    message: 'This phone session could not be found. Start a new one from the desktop.',
  },
  UPLOAD_ALREADY_RECEIVED: {
    status: 409,
    retryable: false,
    message: 'This photo has already been received.',
  },
  UPLOAD_IN_PROGRESS: {
    status: 409,
    retryable: true,
    message: 'This photo is already being received. Wait a moment, then check whether it arrived.',
  },
  COMMIT_IN_PROGRESS: {
    status: 409,
    retryable: true,
    message: 'This photo is already being saved to Medtech. Wait a moment and refresh.',
  },
  FILE_ALREADY_COMMITTED: {
    status: 409,
    retryable: false,
    message: 'This photo is already saved in Medtech and can no longer be changed here.',
  },
  LAUNCH_ALREADY_USED: {
    status: 409,
    retryable: false,
    message:
      'This Medtech launch link has already been used. Open ClinicPro again from the patient in Medtech Evolution.',
  },
  SESSION_EXPIRED: {
    status: 410,
    retryable: false,
    message: 'This phone link has expired. Scan a new QR code on the desktop.',
  },
  SESSION_REVOKED: {
    status: 410,
    retryable: false,
    message: 'This phone link was replaced by a newer QR code. Scan the new code on the desktop.',
  },
  LAUNCH_EXPIRED: {
    status: 410,
    retryable: false,
    message:
      'This Medtech launch link is too old. Open ClinicPro again from the patient in Medtech Evolution.',
  },
  FILE_TOO_LARGE: { status: 413, retryable: false, message: 'This photo is too large to upload.' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: 'The request is too large.' },
  REQUEST_TIMEOUT: {
    status: 408,
    retryable: true,
    message: 'The request took too long to arrive. Please check the connection and try again.',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    retryable: false,
    message: 'The request headers are too large. Clear this site’s cookies or contact support.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    retryable: false,
    message: 'This file is not a supported photo. Use JPEG, PNG, WebP, HEIC or HEIF.',
  },
  IMAGE_UNREADABLE: {
    status: 422,
    retryable: false,
    message:
      'This photo could not be read. It may be damaged, incomplete or too large. Please take it again.',
  },
  LAUNCH_INVALID: {
    status: 422,
    retryable: false,
    message:
      'Medtech could not confirm this launch link. Open ClinicPro again from the patient in Medtech Evolution.',
  },
  SCAN_TOO_LARGE: {
    status: 422,
    retryable: false,
    message:
      "This photo is too large for Medtech's Inbox Scan folder (8 MB). Save it as a photo (Media) instead, or contact support.",
  },
  TOO_MANY_STREAMS: {
    status: 429,
    retryable: true,
    message: 'This session already has too many live status connections open. Close a tab and try again.',
  },
  RATE_LIMITED: {
    status: 429,
    retryable: true,
    message: 'Too many requests. Please wait a moment and try again.',
  },
  ALEX_REJECTED: {
    status: 502,
    retryable: false,
    message: 'Medtech did not accept this request. The photos are kept; contact support if it happens again.',
  },
  ALEX_FORBIDDEN: {
    status: 502,
    retryable: false,
    message: 'Medtech refused this request for this practice. Contact support to check the practice set-up.',
  },
  ALEX_AUTH_FAILED: {
    status: 502,
    retryable: false,
    message: 'The gateway could not sign in to Medtech. Contact support.',
  },
  PRACTICE_OFFLINE: {
    status: 503,
    retryable: true,
    message:
      "Medtech cannot reach the practice's server right now. The photos are kept; try again in a few minutes.",
  },
  ALEX_BUSY: {
    status: 503,
    retryable: true,
    message: 'Medtech is busy right now. The photos are kept; try again in a minute.',
  },
  ALEX_UNAVAILABLE: {
    status: 503,
    retryable: true,
    message:
      'Medtech is not responding for this practice at the moment. The photos are kept; try again shortly.',
  },
  STORE_UNAVAILABLE: {
    status: 503,
    retryable: true,
    message:
      'The gateway cannot reach its storage right now. Nothing was sent to Medtech; try again in a moment.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    retryable: true,
    message: 'The gateway is restarting. Please try again in a moment.',
  },
  GATEWAY_BUSY: {
    status: 503,
    retryable: true,
    message: 'The gateway is receiving many photos right now. Please send this one again in a few seconds.',
  },
  ALEX_TIMEOUT: {
    status: 504,
    retryable: true,
    message: 'Medtech took too long to answer. The photos are kept; try again, nothing will be saved twice.',
  },
  ALEX_UNREACHABLE: {
    status: 504,
    retryable: true,
    message:
      'The gateway could not connect to Medtech. The gateway host may not be allow-listed by Medtech, or Medtech is unreachable. Contact support if it continues.',
  },
  // Per-file codes only (a commit's or a file view's `error`), never an HTTP answer of their own.
  DELIVERY_UNCERTAIN: {
    status: 502,
    retryable: false,
    message:
      'Medtech may or may not have received this photo, and the gateway cannot check. Look in the patient record in Medtech; if it is not there, send it again with "resend".',
  },
  DELIVERY_EXPIRED: {
    status: 502,
    retryable: false,
    message:
      'This photo could not be delivered to Medtech before it expired, and has been deleted from the gateway. Take it again.',
  },
  INTERNAL: {
    status: 500,
    retryable: true,
    message: 'Something went wrong on our side. Please try again; contact support if it continues.',
  },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
