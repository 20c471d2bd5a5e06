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

/**
 * A client error raised by a framework layer: http-errors (body-parser, static files) mark
 * theirs `expose: true`, and the router marks a badly %-encoded parameter as a 400 URIError.
 * Anything else carrying a `status` (an upstream HTTP client's error, a plain object) is not
 * the caller's fault and must not pass for a 4xx.
 */
function clientErrorStatus(value: object): number | undefined {
  const candidate = value as { status?: unknown; expose?: unknown };
  const framework = value instanceof Error && (candidate.expose === true || value instanceof URIError);
  const status = candidate.status;
  return framework && typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** body-parser and multer errors carry a `type`/`code` and a status; only their kind matters. */
function fromTransportError(value: object): AppError | undefined {
  const candidate = value as { type?: unknown; name?: unknown; code?: unknown; field?: unknown };
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
  const multer =
    candidate.name === 'MulterError' ||
    (typeof candidate.code === 'string' && candidate.code.startsWith('LIMIT_'));
  if (multer && typeof candidate.code === 'string') {
    return fromMulterError(candidate.code, typeof candidate.field === 'string' ? candidate.field : undefined);
  }
  switch (clientErrorStatus(value)) {
    case undefined:
      return undefined;
    case 404:
      return new AppError('NOT_FOUND');
    case 413:
      return new AppError('PAYLOAD_TOO_LARGE');
    case 415:
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    default:
      return new AppError('VALIDATION_FAILED');
  }
}

function fromMulterError(code: string, field: string | undefined): AppError {
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
      // Other limits (parts, fields) are size problems; the rest (a missing or invalid field
      // name) is a malformed form.
      return code.startsWith('LIMIT_')
        ? new AppError('PAYLOAD_TOO_LARGE')
        : new AppError('VALIDATION_FAILED', {
            details: [{ path: field ?? 'file', problem: 'malformed form' }],
          });
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
  if (isTranslatable(value)) {
    const translated = value.toAppError();
    if (isAppError(translated)) return translated;
    return new AppError('INTERNAL', { cause: value });
  }
  if (value instanceof ZodError) return fromZodError(value);
  if (typeof value === 'object' && value !== null) {
    const translated = fromTransportError(value);
    if (translated) return translated;
  }
  return new AppError('INTERNAL', { cause: value });
}
