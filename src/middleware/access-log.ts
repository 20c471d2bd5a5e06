import type { RequestHandler } from 'express';
import { matchedRouteTemplate } from '../http/route-template';
import type { Logger } from '../logging/logger';

/** How a request no route matched is logged. */
const UNMATCHED = '(unmatched)';

/** One line per request: method, route template, status, duration, correlationId. */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const matchedTemplate = matchedRouteTemplate(req);
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info('request', {
        method: req.method,
        route: matchedTemplate() ?? UNMATCHED,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
        correlationId: res.locals.correlationId,
      });
    });
    next();
  };
}
