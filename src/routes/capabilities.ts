import { Router, type RequestHandler } from 'express';
import type { Capabilities } from '../services/capabilities';
import { getCapabilities } from '../controllers/capabilities';
import { ROUTE_BASES } from '../schemas/url-bases';

export interface CapabilitiesRoutesDeps {
  capabilities: Capabilities;
  apiKeyAuth: RequestHandler;
}

/** `GET /api/integrations/medtech/capabilities` (API key); mounted under /api by createApp. */
export function capabilitiesRoutes({ capabilities, apiKeyAuth }: CapabilitiesRoutesDeps): Router {
  const router = Router();
  router.get(ROUTE_BASES.capabilities, apiKeyAuth, getCapabilities(capabilities));
  return router;
}
