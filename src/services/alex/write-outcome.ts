import { AlexHttpError, AlexNetworkError, CircuitOpenError } from './errors';

/**
 * What one failed ALEX write means for the resource (GATEWAY-API.md, "Outcome classes of one
 * ALEX write"). This is the one place that decides it; Media, DocumentReference, Communication
 * and Task writes all ask here.
 *
 * - `refused`: ALEX answered a 4xx other than 401, 408 and 429. Nothing was created, and sending
 *   the same thing again would be refused again.
 * - `not-created`: provably nothing was created, so the write may be sent again at once or later:
 *   429, 408, 401 (the client already replayed it once with a fresh token), a 503 carrying ALEX's
 *   facility-offline OperationOutcome, an open breaker, or a failure before any byte was sent.
 * - `ambiguous`: everything else. A timeout or a dropped connection after sending, 500, 502, 504,
 *   a 503 without ALEX's OperationOutcome (a proxy's), an unreadable 2xx, anything unknown. The
 *   write may be in Medtech: nobody sends it again before the settle window has passed and a
 *   look-up has found nothing.
 */
export type WriteFailureClass = 'refused' | 'not-created' | 'ambiguous';

const NOT_CREATED_STATUSES = new Set([401, 408, 429]);
/** ALEX.md sections 6 and 9: the practice's server could not be reached, so nothing was processed. */
const FACILITY_OFFLINE_TEXT = /cannot establish connection to the facility|pms unreachable or unavailable/i;

export function classifyWriteFailure(error: unknown): WriteFailureClass {
  if (error instanceof CircuitOpenError) return 'not-created';
  if (error instanceof AlexNetworkError) return error.reachedServer ? 'ambiguous' : 'not-created';
  if (error instanceof AlexHttpError) {
    const { status } = error;
    if (NOT_CREATED_STATUSES.has(status)) return 'not-created';
    if (status === 503) return isFacilityOffline(error) ? 'not-created' : 'ambiguous';
    if (status >= 400 && status < 500) return 'refused';
    return 'ambiguous';
  }
  return 'ambiguous';
}

/** A 503 with ALEX's own "cannot reach the practice" OperationOutcome, not a proxy's bare 503. */
export function isFacilityOffline(error: AlexHttpError): boolean {
  return (
    error.status === 503 &&
    error.bodyKind === 'operation-outcome' &&
    FACILITY_OFFLINE_TEXT.test(error.upstreamText ?? '')
  );
}
