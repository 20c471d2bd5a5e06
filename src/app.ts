import express, { type RequestHandler, type Router } from 'express';
import { hasBody } from 'type-is';
import type { Config } from './config';
import type { Logger } from './logging/logger';
import type { ReadinessRegistry } from './health/readiness';
import { correlationId } from './middleware/correlation-id';
import { accessLog } from './middleware/access-log';
import { corsForOrigins, noStore, securityHeaders } from './middleware/security';
import { shutdownGuard, type ShutdownState } from './middleware/shutdown-guard';
import { rateLimiter } from './middleware/rate-limit';
import { fhirErrorMapper, notFound } from './middleware/fhir-error-mapper';
import { healthRoutes } from './routes/health';
import { API_MOUNT } from './schemas/url-bases';

/** JSON bodies carry ids and metadata, never images (QUALITY.md, body limits). */
export const JSON_BODY_LIMIT = '1mb';

export interface AppDeps {
  config: Readonly<Config>;
  logger: Logger;
  readiness: ReadinessRegistry;
  shutdown: ShutdownState;
  /** Routers mounted under `/api`, after CORS, body parsing and the per-key rate limit. */
  apiRouters?: Router[];
  /** Routers mounted at the root (the phone page, the demo, the API description). */
  pageRouters?: Router[];
  /** Request metrics and the audit actor (src/observability); they see the route template the router matched. */
  observers?: RequestHandler[];
}

/**
 * Runs a body parser only for a request that has a body, by the test body-parser itself makes
 * first (type-is `hasBody`). Most API calls are GETs, and the parser's own set-up before that
 * test cost about 4 % of a proxied call's CPU (bench:overhead). Without a body, `req.body` stays
 * undefined, as the parser leaves it.
 */
function onlyWithBody(parser: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (hasBody(req)) parser(req, res, next);
    else next();
  };
}

/**
 * Builds the gateway's Express app without listening, so tests drive it with supertest and
 * server.ts owns the socket. Order matters: correlation first (everything logs with it), the
 * error mapper last (everything thrown ends there).
 */
export function createApp(deps: AppDeps): express.Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  app.use(correlationId());
  app.use(accessLog(logger));
  for (const observer of deps.observers ?? []) app.use(observer);
  app.use(securityHeaders({ production: config.production }));
  app.use(shutdownGuard(deps.shutdown));
  app.use(healthRoutes(deps.readiness));

  app.use(
    API_MOUNT,
    noStore(),
    corsForOrigins(config.corsOrigins),
    rateLimiter({
      name: 'api',
      perMinute: config.rateLimit.perMinute,
      byApiKey: true,
      apiKeys: config.auth.apiKeys,
    }),
    onlyWithBody(express.json({ limit: JSON_BODY_LIMIT, type: ['application/json', 'application/*+json'] })),
    ...(deps.apiRouters ?? []),
  );
  for (const router of deps.pageRouters ?? []) app.use(router);

  app.use(notFound());
  app.use(fhirErrorMapper(logger));
  return app;
}
