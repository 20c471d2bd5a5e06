import { ERROR_CATALOGUE, type ErrorCode } from './catalogue';

/** A field problem or an upstream issue code, as shown in the envelope's `details`. */
export interface ErrorDetail {
  path?: string;
  problem?: string;
  code?: string;
  severity?: string;
}

export interface AppErrorOptions {
  /** Replaces the catalogue message; must still be safe to show a clinician. */
  message?: string;
  details?: ErrorDetail[];
  /** Seconds, for the `Retry-After` header. */
  retryAfterSeconds?: number;
  /** Kept for the log only; never sent to the caller. */
  cause?: unknown;
}

/**
 * The one error type the gateway answers with. Anything else thrown is turned into one
 * by `toAppError`, so the error handler has a single shape to render.
 */
export class AppError extends Error {
  readonly status: number;
  readonly retryable: boolean;
  readonly details: ErrorDetail[];
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    const entry = ERROR_CATALOGUE[code];
    super(options.message ?? entry.message, { cause: options.cause });
    this.name = 'AppError';
    this.status = entry.status;
    this.retryable = entry.retryable;
    this.details = options.details ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError;
