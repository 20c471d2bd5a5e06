import { randomUUID } from 'node:crypto';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { KeyValueStore } from '../../stores/types';
import { NO_EVENTS, type EventNotifier } from '../events';
import { getJson, setJson, StoreContentionError, updateJson } from '../../stores/update-record';
import { encounterSessionKey, sessionKey, tokenSessionKey } from './keys';
import { mobileUploadUrl, qrSvgDataUrl } from './qr';
import { hmacOfToken, invalidTokenError, isWellFormedToken, mintSessionToken, sameHmac } from './token';
import type { InitiatedSession, InitiateSessionInput, Session, SessionRecord, SessionState } from './types';

export interface SessionServiceDeps {
  config: Readonly<Pick<Config, 'mobile' | 'store'>>;
  store: KeyValueStore;
  /** Epoch milliseconds; tests pass a fake. */
  clock?: () => number;
  /** Told when a session's state changes (live status); ids only. Defaults to nobody. */
  notify?: Pick<EventNotifier, 'sessionChanged'>;
  /** Told of each session created and revoked (the audit trail); the default records nothing. */
  audit?: SessionAudit;
}

/** What the session service reports to the audit trail (src/observability wires it). */
export interface SessionAudit {
  sessionEvent(action: 'session.create' | 'session.revoke', record: SessionRecord): Promise<void>;
}
const NO_SESSION_AUDIT: SessionAudit = { sessionEvent: async () => undefined };

export interface SessionService {
  /** Starts a session, revoking the encounter's previous one at once; returns link, QR and expiry. */
  initiate(input: InitiateSessionInput): Promise<InitiatedSession>;
  /**
   * The session a phone token belongs to, checked against the store on every call.
   * Throws 401 UNAUTHENTICATED (malformed or unknown token, missing session record, a record
   * holding another token's HMAC), 410 SESSION_REVOKED, or 410 SESSION_EXPIRED (decided by the
   * record's absolute expiresAt).
   */
  verifyToken(token: string): Promise<Session>;
  /** The session with its current state, or undefined when unknown or long gone. */
  get(sessionId: string): Promise<Session | undefined>;
  /** created -> opened (the phone loaded the page); other states are left alone. */
  markOpened(sessionId: string): Promise<Session | undefined>;
  /** created | opened -> uploading (the first upload arrived). */
  markUploading(sessionId: string): Promise<void>;
  /** Any live state -> revoked. */
  revoke(sessionId: string): Promise<void>;
}

/** The pointer outlives the session a little so a late initiate still finds what to revoke. */
const POINTER_SLACK_SECONDS = 60;
const POINTER_ATTEMPTS = 100;

/** The session's state at `nowMs`: expiry is derived, never stored; revoked wins over expired. */
export function currentState(record: SessionRecord, nowMs: number): SessionState {
  if (record.state === 'revoked') return 'revoked';
  return nowMs >= Date.parse(record.expiresAt) ? 'expired' : record.state;
}

/** Creates the phone-handoff session service over the shared key-value store. */
export function createSessionService(deps: SessionServiceDeps): SessionService {
  const { config, store } = deps;
  const clock = deps.clock ?? Date.now;
  const notify = deps.notify ?? NO_EVENTS;
  const audit = deps.audit ?? NO_SESSION_AUDIT;
  const ttlSeconds = config.mobile.sessionTtlSeconds;
  // Kept past expiry for as long as its staged files live, so the phone hears "expired"
  // (not "unknown") and the desktop can still list the session's photos.
  const recordTtlSeconds = ttlSeconds + config.store.stagingTtlSeconds;

  const withState = (record: SessionRecord): Session => ({
    ...record,
    currentState: currentState(record, clock()),
  });

  async function get(sessionId: string): Promise<Session | undefined> {
    const record = await getJson<SessionRecord>(store, sessionKey(sessionId));
    return record && withState(record);
  }

  async function revoke(sessionId: string): Promise<void> {
    const revokedAt = new Date(clock()).toISOString();
    const revoked = await updateJson<SessionRecord>(store, sessionKey(sessionId), (s) =>
      s.state === 'revoked' ? undefined : { ...s, state: 'revoked', revokedAt },
    );
    if (revoked) notify.sessionChanged(sessionId);
    if (revoked) await audit.sessionEvent('session.revoke', revoked);
  }

  /** Atomically points the encounter at `sessionId`; resolves to the session it replaced. */
  async function swapEncounterPointer(key: string, sessionId: string): Promise<string | undefined> {
    const pointerTtl = ttlSeconds + POINTER_SLACK_SECONDS;
    for (let attempt = 0; attempt < POINTER_ATTEMPTS; attempt++) {
      const previous = await store.get(key);
      if (previous === undefined) {
        if (await store.setIfAbsent(key, sessionId, pointerTtl)) return undefined;
      } else if (await store.compareAndSet(key, previous, sessionId, pointerTtl)) {
        return previous;
      }
    }
    throw new StoreContentionError(key, POINTER_ATTEMPTS);
  }

  return {
    async initiate(input) {
      const nowMs = clock();
      const expiresAtMs = nowMs + ttlSeconds * 1000;
      const sessionId = randomUUID();
      const { token, tokenHmac } = mintSessionToken(config.mobile.tokenSecret);
      const record: SessionRecord = {
        sessionId,
        tokenHmac,
        facilityId: input.facilityId,
        patientId: input.patientId,
        encounterId: input.encounterId,
        patientDisplay: input.patientDisplay ?? null,
        state: 'created',
        createdAt: new Date(nowMs).toISOString(),
        expiresAt: new Date(expiresAtMs).toISOString(),
      };
      await setJson(store, sessionKey(sessionId), record, recordTtlSeconds);
      // One session per token: 128 random bits never collide, and set-if-absent makes sure of it.
      if (!(await store.setIfAbsent(tokenSessionKey(tokenHmac), sessionId, recordTtlSeconds))) {
        throw new Error('A freshly minted phone token was already in use');
      }
      const previous = await swapEncounterPointer(
        encounterSessionKey(input.facilityId, input.encounterId),
        sessionId,
      );
      await audit.sessionEvent('session.create', record);
      if (previous !== undefined && previous !== sessionId) await revoke(previous);

      const url = mobileUploadUrl(config.mobile.uploadBaseUrl, token);
      return {
        sessionId,
        mobileUploadUrl: url,
        qrSvg: await qrSvgDataUrl(url),
        expiresAt: record.expiresAt,
        ttlSeconds,
      };
    },

    async verifyToken(token) {
      // A malformed value costs no store round trip.
      if (!isWellFormedToken(token)) throw invalidTokenError();
      const tokenHmac = hmacOfToken(config.mobile.tokenSecret, token);
      const sessionId = await store.get(tokenSessionKey(tokenHmac));
      const session = sessionId === undefined ? undefined : await get(sessionId);
      // The look-up by HMAC finds the candidate; the record's own HMAC, compared in constant time,
      // decides. A token whose record is gone (store lost, past its TTL) is no longer a credential.
      if (!session || typeof session.tokenHmac !== 'string' || !sameHmac(session.tokenHmac, tokenHmac)) {
        throw invalidTokenError();
      }
      if (session.currentState === 'revoked') throw new AppError('SESSION_REVOKED');
      if (session.currentState === 'expired') throw new AppError('SESSION_EXPIRED');
      return session;
    },

    get,

    async markOpened(sessionId) {
      const openedAt = new Date(clock()).toISOString();
      const opened = await updateJson<SessionRecord>(store, sessionKey(sessionId), (s) =>
        s.state === 'created' ? { ...s, state: 'opened', openedAt } : undefined,
      );
      if (opened) notify.sessionChanged(sessionId);
      return get(sessionId);
    },

    async markUploading(sessionId) {
      const firstUploadAt = new Date(clock()).toISOString();
      const uploading = await updateJson<SessionRecord>(store, sessionKey(sessionId), (s) =>
        s.state === 'created' || s.state === 'opened'
          ? { ...s, state: 'uploading', firstUploadAt }
          : undefined,
      );
      if (uploading) notify.sessionChanged(sessionId);
    },

    revoke,
  };
}
