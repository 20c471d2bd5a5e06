import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logging/logger';

/**
 * The route template (`/api/.../uploads/:fileId`), never the concrete URL: URLs can carry
 * NHIs, file ids and tokens. Unmatched requests are logged as `(unmatched)`.
 */
export function routeTemplate(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  return '(unmatched)';
}

/** One line per request: method, route template, status, duration, correlationId. */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info('request', {
        method: req.method,
        route: routeTemplate(req),
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
        correlationId: res.locals.correlationId,
      });
    });
    next();
  };
}
