import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors';
import type { DesktopTokens, Session, SessionService } from '../services/sessions';
import { apiKeyAuth } from './api-key-auth';
import { MOBILE_TOKEN_HEADER, type Auth } from './mobile-auth';

/** The query parameter of `eventsUrl` (and of the content URLs the frontend builds from it). */
export const DESKTOP_TOKEN_PARAM = 'dt';
/** EventSource cannot send headers, so the phone's stream takes its token as `?t=` too. */
export const PHONE_TOKEN_PARAM = 't';

/** What a desktop token proves: read access to one session's stream and files, nothing else. */
export interface DesktopAuth {
  kind: 'desktop';
  session: Session;
}

const queryText = (req: Request, name: string): string | undefined => {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
};

/** Runs `handlers` in order as one middleware (Express 5 style: async errors go to `next`). */
function chain(handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    const step = (index: number) => (error?: unknown) => {
      if (error !== undefined && error !== null) return next(error);
      const handler = handlers[index];
      if (!handler) return next();
      try {
        void Promise.resolve(handler(req, res, step(index + 1))).catch(next);
      } catch (thrown) {
        next(thrown);
      }
    };
    step(0)();
  };
}

async function verifyDesktop(tokens: Pick<DesktopTokens, 'verify'>, token: string, res: Response) {
  res.locals.auth = { kind: 'desktop', session: await tokens.verify(token) } satisfies Auth;
}

/**
 * For the content endpoint: a request carrying `?dt=` is judged by that token alone (its
 * session's files, read only); any other request goes through `otherwise` unchanged.
 */
export function desktopTokenOr(
  tokens: Pick<DesktopTokens, 'verify'>,
  otherwise: RequestHandler[],
): RequestHandler {
  const fallback = chain(otherwise);
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = queryText(req, DESKTOP_TOKEN_PARAM);
    if (token === undefined) return fallback(req, res, next);
    await verifyDesktop(tokens, token, res);
    next();
  };
}

/**
 * For the event stream: the desktop token (`?dt=`), the phone token (`x-mobile-token` or
 * `?t=`), or the API key, in that order. Which session the credential may see is checked by
 * the controller against the path.
 */
export function eventStreamAuth(deps: {
  apiKeys: readonly string[];
  sessions: Pick<SessionService, 'verifyToken'>;
  desktopTokens: Pick<DesktopTokens, 'verify'>;
  /** The per-IP phone limit, applied to phone tokens here since they may come in the query. */
  phoneLimit?: RequestHandler;
}): RequestHandler {
  const requireApiKey = apiKeyAuth(deps.apiKeys);
  const phoneLimit = deps.phoneLimit ?? ((_req, _res, next) => next());
  const phone = async (req: Request, res: Response, next: NextFunction) => {
    const token = (req.get(MOBILE_TOKEN_HEADER) ?? queryText(req, PHONE_TOKEN_PARAM) ?? '').trim();
    if (token === '') throw new AppError('UNAUTHENTICATED');
    res.locals.auth = { kind: 'mobile', session: await deps.sessions.verifyToken(token) } satisfies Auth;
    next();
  };
  const phoneChain = chain([phoneLimit, phone]);
  return async (req, res, next) => {
    const desktop = queryText(req, DESKTOP_TOKEN_PARAM);
    if (desktop !== undefined) {
      await verifyDesktop(deps.desktopTokens, desktop, res);
      return next();
    }
    if (req.get(MOBILE_TOKEN_HEADER) !== undefined || queryText(req, PHONE_TOKEN_PARAM) !== undefined) {
      return phoneChain(req, res, next);
    }
    return requireApiKey(req, res, next);
  };
}
