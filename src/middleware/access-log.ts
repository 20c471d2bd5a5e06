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

/**
 * Records the template when the router matches a route. Reading `req.route` at the end is not
 * enough: when a handler throws, the router restores `req.baseUrl` on the way out, so the
 * template would lose its mount path (`/boom` instead of `/api/boom`).
 */
function captureRouteTemplate(req: Request): () => string | undefined {
  let template: string | undefined;
  let route: unknown = req.route;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: unknown) => {
      route = value;
      if (value) template = routeTemplate(req);
    },
  });
  return () => template;
}

/** One line per request: method, route template, status, duration, correlationId. */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const matchedTemplate = captureRouteTemplate(req);
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info('request', {
        method: req.method,
        route: matchedTemplate() ?? routeTemplate(req),
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
        correlationId: res.locals.correlationId,
      });
    });
    next();
  };
}
