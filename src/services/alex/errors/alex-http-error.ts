import { AppError, type TranslatableError } from '../../../errors';
import type { AlexBodyKind, ParsedAlexBody, UpstreamIssue } from '../operation-outcome';

/** Seconds for our own Retry-After when ALEX gave none (GATEWAY-API.md: 503 carries one). */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;
const FACILITY_NOT_FOUND = /practice facility not found/i;

export interface AlexHttpErrorInit {
  status: number;
  body: ParsedAlexBody;
  retryAfterSeconds?: number;
  /** What a 404 means for this call (a Patient read: the patient does not exist). */
  notFound?: 'PATIENT_NOT_FOUND';
}

/**
 * ALEX answered with a status the call cannot use (or a 2xx body it cannot read). The message
 * names the status only: ALEX's text stays in `upstreamText` for the log, since it can carry
 * identifiers, and the URL is never included since it can carry an NHI.
 */
export class AlexHttpError extends Error implements TranslatableError {
  readonly status: number;
  readonly issues: UpstreamIssue[];
  readonly bodyKind: AlexBodyKind;
  readonly upstreamText?: string;
  readonly retryAfterSeconds?: number;
  readonly notFound?: 'PATIENT_NOT_FOUND';

  constructor(init: AlexHttpErrorInit) {
    super(`ALEX answered HTTP ${init.status}`);
    this.name = 'AlexHttpError';
    this.status = init.status;
    this.issues = init.body.issues;
    this.bodyKind = init.body.kind;
    this.upstreamText = init.body.text;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.notFound = init.notFound;
  }

  /** ALEX.md §6 -> GATEWAY-API.md codes; `details` carries issue codes, never ALEX's text. */
  toAppError(): AppError {
    const details = this.issues.map(({ code, severity }) => ({ code, severity }));
    const retryAfterSeconds = this.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    const options = { details, cause: this };
    const { status } = this;
    if (status === 401) return new AppError('ALEX_AUTH_FAILED', options);
    if (status === 403 && FACILITY_NOT_FOUND.test(this.upstreamText ?? '')) {
      return new AppError('ALEX_FORBIDDEN', {
        ...options,
        message: 'Medtech does not recognise this practice. Contact support to check the practice set-up.',
      });
    }
    if (status === 403) return new AppError('ALEX_FORBIDDEN', options);
    if (status === 404 && this.notFound) return new AppError(this.notFound, options);
    if (status === 429) return new AppError('ALEX_BUSY', { ...options, retryAfterSeconds });
    if (status === 503) return new AppError('PRACTICE_OFFLINE', { ...options, retryAfterSeconds });
    if (status >= 500) return new AppError('ALEX_UNAVAILABLE', { ...options, retryAfterSeconds });
    // Other 4xx, any 3xx (redirects are never followed) and unreadable 2xx bodies.
    return new AppError('ALEX_REJECTED', options);
  }
}
