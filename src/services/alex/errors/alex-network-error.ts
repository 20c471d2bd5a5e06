import { AppError, type TranslatableError } from '../../../errors';

/** The code used when the TCP connection was not established in time (ALEX.md §2: not allow-listed). */
export const CONNECT_TIMEOUT = 'ECONNECTTIMEOUT';

/**
 * The connection failed. `reachedServer: false` means ALEX provably never saw the request
 * (DNS failure, refused, or no TCP connection in time), so even a POST may be sent again and
 * the caller is told the gateway may not be allow-listed. `reachedServer: true` (a reset or
 * dropped connection) leaves the outcome unknown, like a timeout.
 */
export class AlexNetworkError extends Error implements TranslatableError {
  constructor(
    readonly code: string,
    readonly reachedServer: boolean,
  ) {
    super(`ALEX connection failed (${code})`);
    this.name = 'AlexNetworkError';
  }

  toAppError(): AppError {
    return new AppError(this.reachedServer ? 'ALEX_TIMEOUT' : 'ALEX_UNREACHABLE', { cause: this });
  }
}
