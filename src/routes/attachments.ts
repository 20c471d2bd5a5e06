import { Router, type RequestHandler } from 'express';
import type { Config } from '../config';
import { attachmentUploadsController } from '../controllers/attachments-uploads';
import { commitController } from '../controllers/commit';
import { attachmentViewController } from '../controllers/attachment-view';
import { refuseOversizedBody, singleFileUpload } from '../controllers/attachments-multipart';
import { admitUpload } from '../controllers/upload-admission';
import { apiKeyAuth } from '../middleware/api-key-auth';
import { requireFacility } from '../middleware/facility';
import { apiKeyOrMobile, mobileRateLimit } from '../middleware/mobile-auth';
import { createUploadBudget, type StagingService, type UploadBudget } from '../services/staging';
import type { CommitService } from '../services/commit';
import type { DesktopTokens, SessionService } from '../services/sessions';
import { ROUTE_BASES } from '../schemas/url-bases';
import { desktopTokenOr } from '../middleware/desktop-token-auth';

export interface AttachmentRoutesDeps {
  config: Readonly<Config>;
  sessions: SessionService;
  staging: StagingService;
  commits: CommitService;
  /** `?dt=` on the content endpoint: a desktop token reads its session's files. */
  desktopTokens: Pick<DesktopTokens, 'verify'>;
  /** Defaults to `apiKeyAuth(config.auth.apiKeys)`. */
  apiKeyAuth?: RequestHandler;
  /** Share one instance with mobileRoutes so a phone has one budget; defaults to its own. */
  mobileRateLimit?: RequestHandler;
  /** The process's buffered-upload budget; defaults to one of UPLOAD_MAX_BUFFERED_BYTES. */
  uploadBudget?: UploadBudget;
}

const BASE = ROUTE_BASES.attachments;

/**
 * Uploads and staged photos (GATEWAY-API.md, "Upload"); paths are relative to `/api`.
 * Routes the phone may call pay the per-IP mobile limit before the token is even looked at.
 */
export function attachmentRoutes(deps: AttachmentRoutesDeps): Router {
  const { config, sessions } = deps;
  const guard = {
    apiKey: deps.apiKeyAuth ?? apiKeyAuth(config.auth.apiKeys),
    phoneOrKey: [
      deps.mobileRateLimit ?? mobileRateLimit(config.rateLimit.mobilePerMinute),
      apiKeyOrMobile({ apiKeys: config.auth.apiKeys, sessions }),
    ],
  };
  const facility = (required: boolean) => requireFacility({ config, required });
  const uploads = attachmentUploadsController(deps);
  const admit = admitUpload({
    staging: deps.staging,
    budget: deps.uploadBudget ?? createUploadBudget(config.uploads.maxBufferedBytes),
    maxInputBytes: config.images.maxInputBytes,
  });

  const router = Router();
  router.post(`${BASE}/upload-initiate`, ...guard.phoneOrKey, facility(true), uploads.initiate);
  router.post(
    `${BASE}/uploads/:fileId`,
    ...guard.phoneOrKey,
    facility(false),
    // Everything before multer is decided from the headers: no refused upload is buffered.
    refuseOversizedBody(config.images.maxInputBytes),
    admit,
    ...singleFileUpload(config),
    uploads.upload,
  );
  router.get(`${BASE}/:fileId`, guard.apiKey, facility(true), attachmentViewController(deps));
  router.get(
    `${BASE}/:fileId/content`,
    desktopTokenOr(deps.desktopTokens, guard.phoneOrKey),
    facility(true),
    uploads.content,
  );
  router.delete(`${BASE}/:fileId`, ...guard.phoneOrKey, facility(false), uploads.remove);
  router.post(`${BASE}/commit`, guard.apiKey, facility(true), commitController(deps).handle);
  return router;
}
