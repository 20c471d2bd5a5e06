import { AppError, type TranslatableError } from '../../../errors';

/**
 * ALEX's answer exceeded the response limit (20 MB) and was cut off. Mapped to 502
 * ALEX_REJECTED: the answer is unusable and retrying would fetch the same thing.
 */
export class AlexResponseTooLargeError extends Error implements TranslatableError {
  constructor(readonly limitBytes: number) {
    super(`ALEX answer larger than ${limitBytes} bytes`);
    this.name = 'AlexResponseTooLargeError';
  }

  toAppError(): AppError {
    return new AppError('ALEX_REJECTED', {
      message: 'Medtech sent an answer the gateway cannot handle. Contact support if it happens again.',
      cause: this,
    });
  }
}
