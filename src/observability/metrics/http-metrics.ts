import type { Request, RequestHandler } from 'express';
import type { GatewayMetrics } from './gateway-metrics';

/** The `route` label of a request no route matched (404s, and refusals before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Remembers the route template the moment the router sets `req.route`. The router restores
 * `req.baseUrl` on the way out of a throwing handler, so reading it at `finish` would lose the
 * mount path. An accessor another middleware (the access log) already put on `req.route` is
 * kept and called, so both see every assignment.
 */
function captureTemplate(req: Request): () => string | undefined {
  let template: string | undefined;
  const previous = Object.getOwnPropertyDescriptor(req, 'route');
  let value: unknown = previous?.get ? previous.get.call(req) : req.route;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => (previous?.get ? previous.get.call(req) : value),
    set: (next: unknown) => {
      if (previous?.set) previous.set.call(req, next);
      value = next;
      const path = (next as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') template = `${req.baseUrl}${path}`;
    },
  });
  return () => template;
}

/**
 * Counts every request and times it by method, route template and status. Event streams
 * (`res.locals.sse === true`) stay out of the duration histogram: they last minutes by design.
 */
export function httpMetrics(metrics: Pick<GatewayMetrics, 'httpRequests' | 'httpDuration'>): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const template = captureTemplate(req);
    res.once('finish', () => {
      const labels = {
        method: req.method,
        route: template() ?? UNMATCHED_ROUTE,
        status: String(res.statusCode),
      };
      metrics.httpRequests.inc(labels);
      if (res.locals.sse !== true) {
        metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      }
    });
    next();
  };
}
