import { AppError, type TranslatableError } from '../../../errors';

/**
 * ALEX accepted the connection but did not answer within the attempt's time. Whether a write
 * happened is unknown, so a POST is never replayed; the caller retries later with the same
 * identifier (GATEWAY-API.md, commit).
 */
export class AlexTimeoutError extends Error implements TranslatableError {
  constructor(
    /** True when the whole request, body included, had been handed to the socket. */
    readonly bodySent: boolean,
    readonly timeoutMs: number,
  ) {
    super(`ALEX did not answer within ${timeoutMs} ms`);
    this.name = 'AlexTimeoutError';
  }

  toAppError(): AppError {
    return new AppError('ALEX_TIMEOUT', { cause: this });
  }
}
