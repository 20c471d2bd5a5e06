import { AppError, type TranslatableError } from '../../errors';

/**
 * `rejected`: Entra refused the credentials or scope (retrying will not help);
 * `throttled`: Entra answered 429; `unavailable`: timeout, network failure, 5xx, malformed answer.
 */
export type TokenFailureKind = 'rejected' | 'throttled' | 'unavailable';

/** The token endpoint failed. `reason` is short and safe to show (`invalid_client`, `timeout`). */
export class TokenError extends Error implements TranslatableError {
  constructor(
    readonly kind: TokenFailureKind,
    readonly reason: string,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(`Token request failed: ${reason}`);
    this.name = 'TokenError';
  }

  toAppError(): AppError {
    if (this.kind === 'rejected') return new AppError('ALEX_AUTH_FAILED', { cause: this });
    if (this.kind === 'throttled') {
      return new AppError('ALEX_BUSY', { retryAfterSeconds: this.retryAfterSeconds ?? 30, cause: this });
    }
    return new AppError('ALEX_UNAVAILABLE', { retryAfterSeconds: 30, cause: this });
  }
}
