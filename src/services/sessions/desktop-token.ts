import { createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { KeyValueStore } from '../../stores/types';
import { getJson, setJson } from '../../stores/update-record';
import type { Session } from './types';

/**
 * The desktop token (`dt` in `eventsUrl`): a read-only credential for one session, so a
 * browser can open the session's event stream with EventSource and show its photos with `<img>`
 * without ever holding the API key. It is 32 random bytes, opaque; the store keeps only its
 * HMAC (MOBILE_TOKEN_SECRET, domain-separated), so a copy of the store cannot be replayed as a
 * credential. It dies with its session's revocation (a newer QR code) or after
 * EVENTS_TOKEN_TTL_SECONDS, whichever comes first; the session's own expiry does not end it,
 * since the GP still tags and commits the photos after the phone link has run out.
 */
export interface DesktopTokens {
  /** Mints a token for `sessionId`; the caller has already checked the session exists. */
  issue(sessionId: string): Promise<{ token: string; expiresAt: string }>;
  /**
   * The live session the token belongs to. 401 UNAUTHENTICATED for anything else: unknown,
   * expired, or its session revoked or gone.
   */
  verify(token: string): Promise<Session>;
}

export interface DesktopTokenDeps {
  config: Readonly<Pick<Config, 'mobile' | 'events'>>;
  store: KeyValueStore;
  /** Reads a session with its current state. */
  sessions: { get(sessionId: string): Promise<Session | undefined> };
  clock?: () => number;
}

interface DesktopTokenRecord {
  sessionId: string;
  expiresAt: string;
}

/** base64url of 32 bytes: 43 characters. Anything else is refused before any lookup. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const invalid = () =>
  new AppError('UNAUTHENTICATED', {
    message: 'This live status link is no longer valid. Ask the desktop for a new one.',
  });

/** Creates the desktop token service over the shared store. */
export function createDesktopTokens(deps: DesktopTokenDeps): DesktopTokens {
  const { config, store, sessions } = deps;
  const clock = deps.clock ?? Date.now;
  const ttlSeconds = config.events.tokenTtlSeconds;
  const digest = (token: string) =>
    createHmac('sha256', config.mobile.tokenSecret).update(`desktop-token:${token}`).digest('hex');
  const key = (token: string) => `desktop-token:${digest(token)}`;

  return {
    async issue(sessionId) {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(clock() + ttlSeconds * 1000).toISOString();
      await setJson<DesktopTokenRecord>(store, key(token), { sessionId, expiresAt }, ttlSeconds);
      return { token, expiresAt };
    },

    async verify(token) {
      if (!TOKEN_PATTERN.test(token)) throw invalid();
      const record = await getJson<DesktopTokenRecord>(store, key(token));
      if (!record || clock() >= Date.parse(record.expiresAt)) throw invalid();
      const session = await sessions.get(record.sessionId);
      if (!session || session.currentState === 'revoked') throw invalid();
      return session;
    },
  };
}

/** `eventsUrl`: absolute, from GATEWAY_PUBLIC_URL (never the request's Host header). */
export function eventsUrl(publicUrl: string, sessionId: string, token: string): string {
  // Concatenated, not resolved: a public URL with a path (behind a prefix) keeps it.
  const url = new URL(
    `${publicUrl}/api/integrations/medtech/mobile/sessions/${encodeURIComponent(sessionId)}/events`,
  );
  url.searchParams.set('dt', token);
  return url.toString();
}
