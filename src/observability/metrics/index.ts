import type { RequestHandler, Router } from 'express';
import type { Config } from '../../config';
import type { Logger } from '../../logging/logger';
import { clusterMetricsSource, localMetricsSource, type MetricsSource } from './cluster-metrics';
import { createGatewayMetrics, type GatewayMetrics } from './gateway-metrics';
import { httpMetrics } from './http-metrics';
import { metricsAuth, metricsRoutes } from './metrics-route';

export {
  createGatewayMetrics,
  ALEX_DURATION_BUCKETS,
  type GatewayMetrics,
  type DeliveryStats,
} from './gateway-metrics';
export { clusterMetricsSource, localMetricsSource, type MetricsSource } from './cluster-metrics';
export { httpMetrics, UNMATCHED_ROUTE } from './http-metrics';
export { metricsAuth, metricsRoutes } from './metrics-route';
export { instrumentImageProcessor } from './instrument';

export interface MetricsSetup {
  metrics: GatewayMetrics;
  /** Goes right after the access log in app.ts. */
  httpMiddleware: RequestHandler;
  /** `GET /metrics`. */
  router: Router;
  close(): Promise<void>;
}

/**
 * The gateway's metrics: the registries, the HTTP middleware, `/metrics`, and (with
 * STORE=redis, so PM2 cluster mode) the cross-process publisher on its own Redis connection.
 */
export function setUpMetrics(deps: {
  config: Readonly<Config>;
  logger: Logger;
  /** The store's key prefix (REDIS_KEY_PREFIX). */
  keyPrefix: string;
  /** Tests building several gateways in one process leave the process defaults out. */
  defaultMetrics?: boolean;
}): MetricsSetup {
  const { config } = deps;
  const metrics = createGatewayMetrics({
    facilities: config.medtech.facilityIds,
    defaultMetrics: deps.defaultMetrics,
  });
  const source: MetricsSource =
    config.store.kind === 'redis'
      ? clusterMetricsSource({
          redisUrl: config.store.redisUrl,
          keyPrefix: deps.keyPrefix,
          worker: metrics.worker,
          logger: deps.logger,
        })
      : localMetricsSource(metrics.worker);
  return {
    metrics,
    httpMiddleware: httpMetrics(metrics),
    router: metricsRoutes({
      metrics,
      source,
      auth: metricsAuth(config.observability.metricsToken, config.auth.apiKeys),
    }),
    close: () => source.close(),
  };
}
