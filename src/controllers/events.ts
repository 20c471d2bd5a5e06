import type { Request, Response } from 'express';
import type { Config } from '../config';
import { AppError } from '../errors';
import { assertFacilityAllowed } from '../services/facilities';
import { authOf } from '../middleware/mobile-auth';
import { parseRequest } from '../middleware/validate';
import { sessionIdParams } from '../schemas/mobile';
import type { StagedFile } from '../services/staging';
import type { StagingService } from '../services/staging';
import type { EventStreams, StreamViews } from '../services/events';
import { eventsUrl, type DesktopTokens, type Session, type SessionService } from '../services/sessions';
import { sessionFileView } from './attachments-views';
import { desktopSessionView, phoneSessionView, withoutDetails } from './session-views';

export interface EventsControllerDeps {
  config: Readonly<Pick<Config, 'images' | 'medtech' | 'publicUrl'>>;
  sessions: Pick<SessionService, 'get'>;
  staging: Pick<StagingService, 'listFiles' | 'getFile'>;
  desktopTokens: Pick<DesktopTokens, 'issue'>;
  streams: EventStreams;
  /**
   * One file's view as events carry it. Defaults to the session view's file entry; the commit
   * step (issue 9) passes the view with its `commit` state here.
   */
  fileView?: (file: StagedFile) => unknown | Promise<unknown>;
}

/** The states after which a stream's credential is dead: it says so once, then ends. */
const PHONE_ENDS_ON = ['revoked', 'expired'] as const;
const DESKTOP_TOKEN_ENDS_ON = ['revoked'] as const;

/** Live status: the event stream and a fresh desktop token. */
export function eventsController(deps: EventsControllerDeps) {
  const { config, sessions, staging } = deps;
  const fileView = deps.fileView ?? sessionFileView;

  /** The session the caller may watch at this path, or 404 (never saying whether it exists). */
  async function watchedSession(req: Request, res: Response): Promise<Session> {
    const { sessionId } = parseRequest(sessionIdParams, req, 'params');
    const auth = authOf(res);
    if (auth.kind !== 'apiKey') {
      if (auth.session.sessionId !== sessionId) throw new AppError('SESSION_NOT_FOUND');
      return auth.session;
    }
    // requireFacility has checked facilityId (body or query) when one was given.
    const facilityId = res.locals.facilityId as string | undefined;
    const session = await sessions.get(sessionId);
    if (!session || (facilityId !== undefined && facilityId !== session.facilityId)) {
      throw new AppError('SESSION_NOT_FOUND');
    }
    assertFacilityAllowed(config, session.facilityId);
    return session;
  }

  function viewsFor(sessionId: string, kind: 'apiKey' | 'desktop' | 'mobile'): StreamViews {
    const browser = kind !== 'apiKey';
    const safe = <T>(value: T): T => (browser ? withoutDetails(value) : value);
    const current = async () => {
      const session = await sessions.get(sessionId);
      if (!session) throw new AppError('SESSION_NOT_FOUND');
      return session;
    };
    const files = async () => Promise.all((await staging.listFiles(sessionId)).map((f) => fileView(f)));
    return {
      async snapshot() {
        const session = await current();
        if (kind === 'mobile') return safe({ ...phoneSessionView(session, config), files: await files() });
        return safe({ ...desktopSessionView(session, []), files: await files() });
      },
      async session() {
        const session = await current();
        return { state: session.currentState, expiresAt: session.expiresAt };
      },
      async file(fileId) {
        const file = await staging.getFile(fileId);
        if (!file || file.uploadSessionId !== sessionId) return undefined;
        return safe(await fileView(file));
      },
    };
  }

  return {
    async stream(req: Request, res: Response) {
      const session = await watchedSession(req, res);
      const { kind } = authOf(res);
      // Streams stay out of http_request_duration_seconds: they last as long as the client stays.
      res.locals.sse = true;
      await deps.streams.open({
        req,
        res,
        sessionId: session.sessionId,
        views: viewsFor(session.sessionId, kind),
        endsOn: kind === 'mobile' ? PHONE_ENDS_ON : kind === 'desktop' ? DESKTOP_TOKEN_ENDS_ON : [],
        expiresAt: session.expiresAt,
      });
    },

    /** POST events-token: a fresh `{eventsUrl, eventsExpiresAt}` for a live session. */
    async issueToken(req: Request, res: Response) {
      const session = await watchedSession(req, res);
      if (session.currentState === 'revoked') throw new AppError('SESSION_REVOKED');
      res.json(await eventsLink(deps, session.sessionId));
    },
  };
}

/** `{eventsUrl, eventsExpiresAt}` for a session: what initiate and events-token return. */
export async function eventsLink(
  deps: { config: Readonly<Pick<Config, 'publicUrl'>>; desktopTokens: Pick<DesktopTokens, 'issue'> },
  sessionId: string,
): Promise<{ eventsUrl: string; eventsExpiresAt: string }> {
  const { token, expiresAt } = await deps.desktopTokens.issue(sessionId);
  return { eventsUrl: eventsUrl(deps.config.publicUrl, sessionId, token), eventsExpiresAt: expiresAt };
}
