import { AppError, type TranslatableError } from '../../../errors';

/** The facility's circuit breaker is open: failed fast, no ALEX call made. */
export class CircuitOpenError extends Error implements TranslatableError {
  constructor(
    readonly facilityId: string,
    readonly retryAfterSeconds: number,
  ) {
    super('ALEX circuit open for this facility');
    this.name = 'CircuitOpenError';
  }

  toAppError(): AppError {
    return new AppError('ALEX_UNAVAILABLE', { retryAfterSeconds: this.retryAfterSeconds, cause: this });
  }
}
