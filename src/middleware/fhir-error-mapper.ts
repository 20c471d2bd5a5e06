import { localsOf } from './locals';
import { describeThrown } from '../logging/describe-thrown';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, toAppError } from '../errors';
import type { Logger } from '../logging/logger';
import { currentCorrelationId } from '../logging/request-context';

/** The error envelope of GATEWAY-API.md. */
export interface ErrorEnvelope {
  error: {
    code: string;
    message: string;
    correlationId: string | undefined;
    retryable: boolean;
    details: AppError['details'];
  };
}

export function toEnvelope(error: AppError, correlationId: string | undefined): ErrorEnvelope {
  return {
    error: {
      code: error.code,
      message: error.message,
      correlationId,
      retryable: error.retryable,
      details: error.details,
    },
  };
}

/** Unknown routes: 404 NOT_FOUND in the envelope. */
export function notFound(): RequestHandler {
  return () => {
    throw new AppError('NOT_FOUND');
  };
}

/**
 * The one error handler. Whatever was thrown (an ALEX error with an OperationOutcome, a body
 * parser failure, a zod error, a string, null) becomes the envelope; a stack, an upstream
 * message or a secret never reaches the caller. 5xx are logged as errors with their cause.
 */
export function fhirErrorMapper(logger: Logger): ErrorRequestHandler {
  return (thrown: unknown, req, res, _next) => {
    const error = safeToAppError(thrown);
    const correlationId = localsOf(res).correlationId ?? currentCorrelationId();
    if (res.headersSent) {
      // Too late for an envelope. Express's own handler would print the raw error (stack,
      // message, any secret in it) to stderr unredacted: log it here and cut the connection,
      // so the caller sees a truncated response rather than a complete-looking one.
      logger.error('request failed after the response started', {
        code: error.code,
        correlationId,
        cause: describeCause(thrown),
      });
      req.socket?.destroy();
      return;
    }
    if (error.status >= 500) {
      logger.error('request failed', {
        code: error.code,
        status: error.status,
        correlationId,
        cause: describeCause(thrown),
      });
    } else {
      logger.warn('request refused', {
        code: error.code,
        status: error.status,
        correlationId,
        details: error.details,
      });
    }
    if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.status(error.status).json(toEnvelope(error, correlationId));
  };
}

/** toAppError must not throw here (a hostile getter, a broken toAppError): Express would print it. */
function safeToAppError(thrown: unknown): AppError {
  try {
    return toAppError(thrown);
  } catch (failure) {
    return new AppError('INTERNAL', { cause: failure });
  }
}

/** What the log may know about an unexpected failure: its kind and message (redacted by the logger). */
function describeCause(thrown: unknown): unknown {
  try {
    return describeThrown(thrown instanceof AppError && thrown.cause !== undefined ? thrown.cause : thrown);
  } catch {
    return '[unreadable]'; // even `instanceof` can throw on a hostile Proxy
  }
}
