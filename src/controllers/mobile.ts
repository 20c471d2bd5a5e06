import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Config } from '../config';
import { AppError } from '../errors';
import { authOf } from '../middleware/mobile-auth';
import { assertFacilityAllowed } from '../services/facilities';
import { parseRequest } from '../middleware/validate';
import { optionalFacilityQuery } from '../schemas/common';
import { mobileInitiateBody, sessionIdParams, type phoneSessionResponse } from '../schemas/mobile';
import type { StagingService } from '../services/staging';
import type { CommitService } from '../services/commit';
import type { DesktopTokens, SessionService } from '../services/sessions';
import { eventsLink } from './events';
import { desktopSessionView, phoneUploadLimits } from './session-views';

export interface MobileControllerDeps {
  config: Readonly<Pick<Config, 'images' | 'medtech' | 'publicUrl'>>;
  sessions: SessionService;
  staging: Pick<StagingService, 'listFiles'>;
  commits: Pick<CommitService, 'stateOf'>;
  /** Mints the desktop token of `eventsUrl`. */
  desktopTokens: Pick<DesktopTokens, 'issue'>;
}

/** Phone handoff: start a session (desktop), poll it (desktop), open it (phone). */
export function mobileController(deps: MobileControllerDeps) {
  const { config, sessions, staging, commits } = deps;
  const limits = phoneUploadLimits(config);

  return {
    async initiate(req: Request, res: Response) {
      const body = parseRequest(mobileInitiateBody, req);
      const initiated = await sessions.initiate(body);
      res.status(201).json({ ...initiated, ...(await eventsLink(deps, initiated.sessionId)) });
    },

    /** The desktop's poll. facilityId is optional; when given it must be the session's. */
    async sessionView(req: Request, res: Response) {
      const { sessionId } = parseRequest(sessionIdParams, req, 'params');
      const { facilityId } = parseRequest(optionalFacilityQuery, req, 'query');
      const session = await sessions.get(sessionId);
      if (!session || (facilityId !== undefined && facilityId !== session.facilityId)) {
        throw new AppError('SESSION_NOT_FOUND');
      }
      assertFacilityAllowed(config, session.facilityId);
      const files = await staging.listFiles(sessionId);
      const commitStates = await Promise.all(files.map((file) => commits.stateOf(file.fileId)));
      res.json(desktopSessionView(session, files, commitStates));
    },

    /** The phone page's header; the first call moves the session from created to opened. */
    async phoneSession(_req: Request, res: Response) {
      const auth = authOf(res);
      if (auth.kind !== 'mobile') throw new AppError('UNAUTHENTICATED');
      const session = (await sessions.markOpened(auth.session.sessionId)) ?? auth.session;
      const view: z.infer<typeof phoneSessionResponse> = {
        sessionId: session.sessionId,
        state: session.currentState,
        expiresAt: session.expiresAt,
        patientDisplay: session.patientDisplay,
        limits,
      };
      res.json(view);
    },
  };
}
