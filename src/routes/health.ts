import { Router } from 'express';
import type { ReadinessRegistry } from '../health/readiness';

/** Unauthenticated health endpoints for PM2, nginx and uptime checks. */
export function healthRoutes(readiness: ReadinessRegistry): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    const { ok, checks } = await readiness.run();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', checks });
  });
  return router;
}
