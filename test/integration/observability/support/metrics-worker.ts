/**
 * One "gateway worker" for the cross-process metrics test: the real metrics registries, HTTP
 * middleware, `/metrics` route and Redis publisher, behind a tiny Express app. Run with tsx;
 * it prints `listening <port>` when ready.
 */
import express from 'express';
import { createLogger } from '../../../../src/logging/logger';
import {
  clusterMetricsSource,
  createGatewayMetrics,
  httpMetrics,
  metricsAuth,
  metricsRoutes,
} from '../../../../src/observability';

const prefix = process.env.METRICS_TEST_PREFIX!;
const metrics = createGatewayMetrics({ facilities: ['F2N060-E', 'F99669-C'] });
const breakerStates: Record<string, 'open'> = process.env.BREAKER_OPEN === '1' ? { 'F2N060-E': 'open' } : {};
metrics.setBreakerStatesSource(() => breakerStates);
const source = clusterMetricsSource({
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  keyPrefix: prefix,
  worker: metrics.worker,
  logger: createLogger({ level: 'error' }),
  publishEveryMs: 200,
  ttlSeconds: 2,
});
const app = express();
app.use(httpMetrics(metrics));
app.get('/work/:id', (_req, res) => {
  metrics.recordAlexExchange({
    facilityId: 'F2N060-E',
    operation: 'POST /Media',
    status: '201',
    durationMs: 1500,
  });
  res.json({ ok: true });
});
app.use(metricsRoutes({ metrics, source, auth: metricsAuth('worker-test-token', []) }));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void source.close().then(() => process.exit(0));
});
