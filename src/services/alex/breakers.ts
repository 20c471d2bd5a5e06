import CircuitBreaker from 'opossum';
import type { Logger } from '../../logging/logger';
import { AlexHttpError, AlexNetworkError, AlexTimeoutError, CircuitOpenError } from './errors';
import { toRetryAfterSeconds } from '../../http/retry-after';

export interface BreakerOptions {
  /** Calls in the rolling window before the breaker may open. */
  volumeThreshold: number;
  errorThresholdPercentage: number;
  /** How long an open breaker fails fast before letting one trial call through. */
  resetTimeoutMs: number;
  /** The rolling window the failure rate is computed over. */
  rollingWindowMs: number;
}

/** QUALITY.md: at least 10 calls with 50% failures; 30 s open before a trial call. */
export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  volumeThreshold: 10,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 30_000,
  rollingWindowMs: 10_000,
};

/**
 * Only upstream faults count against a facility: 5xx, 429 (after retries), timeouts and
 * connection failures. A 404 for a missing patient or a 400 for a bad Media says nothing about
 * ALEX's health, nor does a token failure (it is not per facility).
 */
export function isUpstreamFault(error: unknown): boolean {
  if (error instanceof AlexHttpError) return error.status >= 500 || error.status === 429;
  return error instanceof AlexTimeoutError || error instanceof AlexNetworkError;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** One opossum breaker per facility, so a sleeping practice server cannot slow the others. */
export function createBreakers(options: BreakerOptions, logger: Logger, clock: () => number) {
  const breakers = new Map<string, { breaker: CircuitBreaker; openedAt: number }>();

  function entryFor(facilityId: string) {
    let entry = breakers.get(facilityId);
    if (!entry) {
      const breaker = new CircuitBreaker((task: () => Promise<unknown>) => task(), {
        timeout: false, // the ALEX client enforces its own deadline
        volumeThreshold: options.volumeThreshold,
        errorThresholdPercentage: options.errorThresholdPercentage,
        resetTimeout: options.resetTimeoutMs,
        rollingCountTimeout: options.rollingWindowMs,
        errorFilter: (error: unknown) => !isUpstreamFault(error),
      });
      const created = { breaker, openedAt: 0 };
      breaker.on('open', () => {
        created.openedAt = clock();
        logger.warn('alex circuit opened', { facilityId });
      });
      breaker.on('halfOpen', () => logger.info('alex circuit half-open', { facilityId }));
      breaker.on('close', () => logger.info('alex circuit closed', { facilityId }));
      breakers.set(facilityId, created);
      entry = created;
    }
    return entry;
  }

  /** Runs `task` through the facility's breaker; an open breaker throws CircuitOpenError at once. */
  async function run<T>(facilityId: string, task: () => Promise<T>): Promise<T> {
    const entry = entryFor(facilityId);
    try {
      return (await entry.breaker.fire(task)) as T;
    } catch (error) {
      if (error instanceof Error && CircuitBreaker.isOurError(error)) {
        const remainingMs = entry.openedAt + options.resetTimeoutMs - clock();
        throw new CircuitOpenError(facilityId, toRetryAfterSeconds(Math.max(remainingMs, 1000)));
      }
      throw error;
    }
  }

  function states(): Record<string, BreakerState> {
    const result: Record<string, BreakerState> = {};
    for (const [facilityId, { breaker }] of breakers) {
      result[facilityId] = breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed';
    }
    return result;
  }

  function shutdown(): void {
    for (const { breaker } of breakers.values()) breaker.shutdown();
    breakers.clear();
  }

  return { run, states, shutdown };
}
