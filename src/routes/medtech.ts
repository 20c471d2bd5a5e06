import { Router, type RequestHandler } from 'express';
import type { Config } from '../config';
import { connectivityTestController, tokenInfoController } from '../controllers/medtech';
import type { AlexClient } from '../services/alex';
import type { TokenService } from '../services/oauth';
import { ROUTE_BASES } from '../schemas/url-bases';

export interface MedtechRoutesDeps {
  config: Readonly<Config>;
  tokens: Pick<TokenService, 'info'>;
  alex: Pick<AlexClient, 'readPatient' | 'searchPatientByNhi'>;
  apiKeyAuth: RequestHandler;
}

/** Operations endpoints (GATEWAY-API.md): mounted under `/api`, API key required. */
export function medtechRoutes({ config, tokens, alex, apiKeyAuth }: MedtechRoutesDeps): Router {
  const router = Router();
  router.get(`${ROUTE_BASES.medtech}/token-info`, apiKeyAuth, tokenInfoController(tokens));
  router.get(`${ROUTE_BASES.medtech}/test`, apiKeyAuth, connectivityTestController({ config, alex }));
  return router;
}
