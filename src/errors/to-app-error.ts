import { ZodError } from 'zod';
import { AppError, isAppError } from './app-error';

/**
 * Something thrown that knows which gateway error it is: the ALEX client's errors implement
 * this, so the error handler and the commit orchestration need not know ALEX's shapes.
 */
export interface TranslatableError {
  toAppError(): AppError;
}

function isTranslatable(value: unknown): value is TranslatableError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<TranslatableError>).toAppError === 'function'
  );
}

/** body-parser and multer errors carry a `type`/`code` and a status; only their kind matters. */
function fromTransportError(value: object): AppError | undefined {
  const candidate = value as { type?: unknown; status?: unknown; code?: unknown; field?: unknown };
  if (candidate.type === 'entity.parse.failed') {
    return new AppError('VALIDATION_FAILED', {
      message: 'The request body is not valid JSON.',
      details: [{ problem: 'malformed JSON' }],
    });
  }
  if (candidate.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (candidate.type === 'encoding.unsupported' || candidate.type === 'charset.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'The request body encoding is not supported.' });
  }
  if (typeof candidate.code === 'string' && candidate.code.startsWith('LIMIT_')) {
    return fromMulterLimit(candidate.code, typeof candidate.field === 'string' ? candidate.field : undefined);
  }
  if (typeof candidate.status === 'number' && candidate.status >= 400 && candidate.status < 500) {
    // Any other client error raised by a framework layer (e.g. a malformed multipart body).
    return new AppError(candidate.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED');
  }
  return undefined;
}

function fromMulterLimit(code: string, field: string | undefined): AppError {
  switch (code) {
    case 'LIMIT_FILE_SIZE':
      return new AppError('FILE_TOO_LARGE');
    case 'LIMIT_FILE_COUNT':
      return new AppError('VALIDATION_FAILED', {
        message: 'Send one photo per upload.',
        details: [{ path: field ?? 'file', problem: 'too many files' }],
      });
    case 'LIMIT_UNEXPECTED_FILE':
      return new AppError('VALIDATION_FAILED', {
        message: 'The photo must be sent in the form field "file".',
        details: [{ path: field ?? 'file', problem: 'unexpected field' }],
      });
    default:
      return new AppError('PAYLOAD_TOO_LARGE');
  }
}

export function fromZodError(error: ZodError, prefix: string[] = []): AppError {
  return new AppError('VALIDATION_FAILED', {
    details: error.issues.map((issue) => ({
      path: [...prefix, ...issue.path.map(String)].join('.') || '(body)',
      problem: issue.message,
    })),
  });
}

/**
 * Turns anything thrown (an Error, a string, null, NaN, a plain object, a function) into an
 * AppError. Unknown things become INTERNAL, keeping the original only as the log's cause.
 */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) return value;
  if (isTranslatable(value)) return value.toAppError();
  if (value instanceof ZodError) return fromZodError(value);
  if (typeof value === 'object' && value !== null) {
    const translated = fromTransportError(value);
    if (translated) return translated;
  }
  return new AppError('INTERNAL', { cause: value });
}
