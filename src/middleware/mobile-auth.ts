import { localsOf } from './locals';
import type { RequestHandler, Response } from 'express';
import { AppError } from '../errors';
import type { Session, SessionService } from '../services/sessions';
import { apiKeyAuth } from './api-key-auth';
import type { DesktopAuth } from './desktop-token-auth';
import { rateLimiter } from './rate-limit';

/** The header the phone page sends its token in (never a query string: URLs get logged). */
export const MOBILE_TOKEN_HEADER = 'x-mobile-token';

/** Who the request proved to be; set on `res.locals.auth`. */
export type Auth = { kind: 'apiKey'; keyId?: string } | { kind: 'mobile'; session: Session } | DesktopAuth;

/** The authenticated caller; throws 401 when a route forgot its auth middleware. */
export function authOf(res: Response): Auth {
  const auth = localsOf(res).auth;
  if (!auth) throw new AppError('UNAUTHENTICATED');
  return auth;
}

type TokenVerifier = Pick<SessionService, 'verifyToken'>;

async function verifyMobile(sessions: TokenVerifier, token: string, res: Response): Promise<void> {
  if (token.trim() === '') throw new AppError('UNAUTHENTICATED');
  localsOf(res).auth = { kind: 'mobile', session: await sessions.verifyToken(token.trim()) };
}

/**
 * The per-IP limit for requests that present a phone token (MOBILE_RATE_LIMIT_PER_MINUTE).
 * It runs before the token is checked, so guessing tokens costs the guesser. Requests without
 * the header are not counted: API-key callers (the desktop, loading thumbnails for many
 * clinicians from one frontend IP) already have their per-key limit. Create one and share it
 * between routers, so a phone's calls to every route count against one budget.
 */
export function mobileRateLimit(perMinute: number): RequestHandler {
  const limiter = rateLimiter({ name: 'mobile', perMinute, byApiKey: false });
  return (req, res, next) => {
    if (req.get(MOBILE_TOKEN_HEADER) === undefined) return next();
    return limiter(req, res, next);
  };
}

/**
 * For routes both the phone and the desktop call: a phone token when `x-mobile-token` is
 * present (it then wins over any Authorization header), otherwise an API key. A phone's
 * session is re-read from the store on every call, so a revoked or expired link stops at once.
 */
export function apiKeyOrMobile(deps: {
  apiKeys: readonly string[];
  sessions: TokenVerifier;
}): RequestHandler {
  const requireApiKey = apiKeyAuth(deps.apiKeys);
  return async (req, res, next) => {
    const token = req.get(MOBILE_TOKEN_HEADER);
    if (token === undefined) return requireApiKey(req, res, next);
    await verifyMobile(deps.sessions, token, res);
    next();
  };
}

/** For the phone's own endpoint (GET /mobile/session): a phone token and nothing else. */
export function mobileOnly(deps: { sessions: TokenVerifier }): RequestHandler {
  return async (req, res, next) => {
    const token = req.get(MOBILE_TOKEN_HEADER);
    if (token === undefined) {
      throw new AppError('UNAUTHENTICATED', { message: 'Open this page from the QR code on the desktop.' });
    }
    await verifyMobile(deps.sessions, token, res);
    next();
  };
}
