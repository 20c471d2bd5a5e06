import { AppError, type TranslatableError } from '../errors';

/** Seconds a caller is asked to wait after the store failed: Redis blips are short. */
export const STORE_RETRY_AFTER_SECONDS = 2;

/**
 * The store did not answer in time, or not at all (Redis stopped, frozen, unreachable). Every
 * route renders it as `503 STORE_UNAVAILABLE` with `Retry-After` (GATEWAY-API.md, "The store"),
 * never as a 500. The cause stays for the log, by its code only.
 */
export class StoreUnavailableError extends Error implements TranslatableError {
  constructor(cause?: unknown) {
    super('The key-value store did not answer', { cause });
    this.name = 'StoreUnavailableError';
  }

  toAppError(): AppError {
    return new AppError('STORE_UNAVAILABLE', { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS, cause: this });
  }
}

export const isStoreUnavailable = (value: unknown): value is StoreUnavailableError =>
  value instanceof StoreUnavailableError;
