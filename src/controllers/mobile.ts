import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Config } from '../config';
import { AppError } from '../errors';
import { authOf } from '../middleware/mobile-auth';
import { assertFacilityAllowed } from '../services/facilities';
import { parseRequest } from '../middleware/validate';
import { optionalFacilityQuery } from '../schemas/common';
import {
  mobileInitiateBody,
  sessionIdParams,
  type phoneSessionResponse,
  type sessionViewResponse,
} from '../schemas/mobile';
import {
  ACCEPTED_UPLOAD_TYPES,
  MAX_FILES_PER_REQUEST,
  MAX_TOTAL_BYTES_PER_ENCOUNTER,
} from '../schemas/limits';
import type { StagingService } from '../services/staging';
import type { SessionService } from '../services/sessions';
import { sessionFileView } from './attachments-views';

export interface MobileControllerDeps {
  config: Readonly<Pick<Config, 'images' | 'medtech'>>;
  sessions: SessionService;
  staging: Pick<StagingService, 'listFiles'>;
}

/** Phone handoff: start a session (desktop), poll it (desktop), open it (phone). */
export function mobileController({ config, sessions, staging }: MobileControllerDeps) {
  const limits = {
    maxPerRequest: MAX_FILES_PER_REQUEST,
    maxInputBytes: config.images.maxInputBytes,
    maxTotalBytesPerEncounter: MAX_TOTAL_BYTES_PER_ENCOUNTER,
    acceptedTypes: [...ACCEPTED_UPLOAD_TYPES],
  };

  return {
    async initiate(req: Request, res: Response) {
      const body = parseRequest(mobileInitiateBody, req);
      res.status(201).json(await sessions.initiate(body));
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
      const view: z.infer<typeof sessionViewResponse> = {
        sessionId,
        state: session.currentState,
        expiresAt: session.expiresAt,
        files: files.map(sessionFileView),
      };
      res.json(view);
    },

    /** The phone page's header; the first call moves the session from created to opened. */
    async phoneSession(_req: Request, res: Response) {
      const auth = authOf(res);
      if (auth.kind !== 'mobile') throw new AppError('UNAUTHENTICATED');
      const session = (await sessions.markOpened(auth.session.sessionId)) ?? auth.session;
      const view: z.infer<typeof phoneSessionResponse> = {
        state: session.currentState,
        expiresAt: session.expiresAt,
        patientDisplay: session.patientDisplay,
        limits,
      };
      res.json(view);
    },
  };
}
