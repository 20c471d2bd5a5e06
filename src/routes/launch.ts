import { Router, type RequestHandler } from 'express';
import { launchController } from '../controllers/launch';
import type { LaunchService } from '../services/launch';

export interface LaunchRoutesDeps {
  launches: LaunchService;
  apiKeyAuth: RequestHandler;
}

const BASE = '/integrations/medtech/launch';

/**
 * Launch from Medtech Evolution (GATEWAY-API.md), relative to `/api`. The pair travels in the
 * body, never in the path, so the access log's route template cannot hold it.
 */
export function launchRoutes({ launches, apiKeyAuth }: LaunchRoutesDeps): Router {
  const controller = launchController(launches);
  const router = Router();
  router.post(BASE, apiKeyAuth, controller.decode);
  router.get(`${BASE}/:launchId`, apiKeyAuth, controller.get);
  return router;
}
