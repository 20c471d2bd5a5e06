import { isFacilityOffline } from './write-outcome';
import { AlexHttpError, AlexNetworkError, AlexTimeoutError } from './errors';

/**
 * The retry policy of QUALITY.md, in one place.
 *
 * - Always retried (any method): 429, a 503 carrying ALEX's facility-offline OperationOutcome
 *   (ALEX did not process the request) and failures that provably never reached ALEX (DNS
 *   failure, connection refused, no TCP connection in time). A bare 503 (a proxy's) is retried
 *   only when the call is safe to replay: for a write it is ambiguous (write-outcome.ts).
 * - Retried only when the call is safe to replay (GET by default): 500, 502, 504, timeouts and
 *   connections dropped after they were established.
 * - Delay: `Retry-After` (seconds or HTTP date) when ALEX sends it and it fits the deadline;
 *   otherwise full-jitter exponential backoff, base 200 ms, cap 2 s.
 * - 401 is not a retry: the client replays once with a fresh token (see request-executor.ts).
 */
export const BACKOFF_BASE_MS = 200;
export const BACKOFF_CAP_MS = 2000;

const RETRIED_WHEN_REPLAYABLE = new Set([500, 502, 503, 504]);

/** Whether another attempt may follow `error`; `replayable` says a maybe-delivered request may be resent. */
export function isRetryable(error: unknown, replayable: boolean): boolean {
  if (error instanceof AlexHttpError) {
    return (
      error.status === 429 ||
      isFacilityOffline(error) ||
      (replayable && RETRIED_WHEN_REPLAYABLE.has(error.status))
    );
  }
  if (error instanceof AlexNetworkError) return !error.reachedServer || replayable;
  if (error instanceof AlexTimeoutError) return replayable;
  return false;
}

/** Full jitter (AWS architecture blog): uniformly random in [0, min(cap, base * 2^(n-1))). */
export function backoffDelayMs(failedAttempts: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failedAttempts - 1));
  return Math.floor(random() * ceiling);
}
