import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { Registry } from 'prom-client';
import { AppError } from '../../errors';
import { apiKeyAuth, bearerToken } from '../../middleware/api-key-auth';
import type { GatewayMetrics } from './gateway-metrics';
import type { MetricsSource } from './cluster-metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer <METRICS_TOKEN>`; when METRICS_TOKEN is unset (never in production,
 * config refuses that) any API key works, so a developer can curl it with the dev key.
 */
export function metricsAuth(metricsToken: string | undefined, apiKeys: readonly string[]): RequestHandler {
  if (metricsToken === undefined) return apiKeyAuth(apiKeys);
  const expected = digest(metricsToken);
  return (req, _res, next) => {
    const presented = bearerToken(req.get('authorization'));
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      throw new AppError('UNAUTHENTICATED', { message: 'The metrics token is required.' });
    }
    next();
  };
}

export interface MetricsRouteDeps {
  metrics: Pick<GatewayMetrics, 'scrapeTimeRegistry'>;
  source: MetricsSource;
  auth: RequestHandler;
}

/** `GET /metrics`: every live process's metrics in Prometheus text format, plus the scrape-time gauges. */
export function metricsRoutes(deps: MetricsRouteDeps): Router {
  const router = Router();
  router.get('/metrics', deps.auth, async (_req, res) => {
    const [workers, scrapeTime] = await Promise.all([
      deps.source.workerMetrics(),
      deps.metrics.scrapeTimeRegistry(),
    ]);
    const merged = Registry.merge([workers, scrapeTime]);
    res.setHeader('Cache-Control', 'no-store');
    res.type(merged.contentType).send(await merged.metrics());
  });
  return router;
}
