import type { RequestHandler } from 'express';
import { matchedRouteTemplate } from '../../http/route-template';
import type { GatewayMetrics } from './gateway-metrics';

/** The `route` label of a request no route matched (404s, and refusals before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts every request and times it by method, route template and status. Event streams
 * (`res.locals.sse === true`) stay out of the duration histogram: they last minutes by design.
 */
export function httpMetrics(metrics: Pick<GatewayMetrics, 'httpRequests' | 'httpDuration'>): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const template = matchedRouteTemplate(req);
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
