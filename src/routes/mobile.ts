import { Router, type RequestHandler } from 'express';
import type { Config } from '../config';
import { eventsController } from '../controllers/events';
import { sessionFileView } from '../controllers/attachments-views';
import { mobileController } from '../controllers/mobile';
import { eventStreamAuth } from '../middleware/desktop-token-auth';
import { apiKeyAuth } from '../middleware/api-key-auth';
import { requireFacility } from '../middleware/facility';
import { mobileOnly, mobileRateLimit } from '../middleware/mobile-auth';
import type { StagingService } from '../services/staging';
import type { CommitService } from '../services/commit';
import type { EventStreams } from '../services/events';
import type { DesktopTokens, SessionService } from '../services/sessions';
import { ROUTE_BASES } from '../schemas/url-bases';

export interface MobileRoutesDeps {
  config: Readonly<Config>;
  sessions: SessionService;
  staging: StagingService;
  commits: Pick<CommitService, 'stateOf'>;
  /** The desktop tokens of `eventsUrl`. */
  desktopTokens: DesktopTokens;
  /** Serves the live status streams. */
  streams: EventStreams;
  /** Defaults to `apiKeyAuth(config.auth.apiKeys)`. */
  apiKeyAuth?: RequestHandler;
  /** Share one instance with attachmentRoutes so a phone has one budget; defaults to its own. */
  mobileRateLimit?: RequestHandler;
}

const BASE = ROUTE_BASES.mobile;

/** Phone handoff (GATEWAY-API.md): paths are relative to `/api`, where createApp mounts routers. */
export function mobileRoutes(deps: MobileRoutesDeps): Router {
  const { config, sessions } = deps;
  const apiKey = deps.apiKeyAuth ?? apiKeyAuth(config.auth.apiKeys);
  const phoneLimit = deps.mobileRateLimit ?? mobileRateLimit(config.rateLimit.mobilePerMinute);
  const facility = (required: boolean) => requireFacility({ config, required });
  const controller = mobileController(deps);
  const events = eventsController({
    ...deps,
    // File events carry the whole file view, commit state included (queued -> committed, live).
    fileView: async (file) => sessionFileView(file, await deps.commits.stateOf(file.fileId)),
  });
  const streamAuth = eventStreamAuth({
    apiKeys: config.auth.apiKeys,
    sessions,
    desktopTokens: deps.desktopTokens,
    phoneLimit,
  });

  const router = Router();
  router.post(`${BASE}/initiate`, apiKey, facility(true), controller.initiate);
  router.get(`${BASE}/sessions/:sessionId`, apiKey, facility(false), controller.sessionView);
  router.get(`${BASE}/session`, phoneLimit, mobileOnly({ sessions }), controller.phoneSession);
  router.get(`${BASE}/sessions/:sessionId/events`, streamAuth, facility(false), events.stream);
  router.post(`${BASE}/sessions/:sessionId/events-token`, apiKey, facility(false), events.issueToken);
  return router;
}
