import axios, { type AxiosInstance } from 'axios';
import type { Config } from '../../config';
import type { Logger } from '../../logging/logger';
import { TokenError, type TokenFailureKind } from './token-error';
import { requestGrant } from './token-request';
import type { TokenInfo, TokenService } from './types';

/** After a refresh fails while the cached token is still valid, wait this long (QUALITY.md). */
export const REFRESH_COOLDOWN_MS = 30_000;

export interface TokenServiceDeps {
  config: Readonly<Config>;
  logger: Logger;
  /** Tests pass an instance with a fake adapter; the default is a plain axios instance. */
  http?: AxiosInstance;
  clock?: () => number;
  /** Per token request; defaults to ALEX_TIMEOUT_MS (Entra answers in 250-400 ms). */
  timeoutMs?: number;
  /** Told the outcome of every token request (`success` or a TokenFailureKind), for metrics. */
  onTokenRequest?: (outcome: 'success' | TokenFailureKind) => void;
}

interface CachedToken {
  token: string;
  expiresAt: number;
  refreshAt: number;
}

/**
 * The client-credentials token behind every ALEX call. One token request is in flight at most,
 * however many callers wait. Inside the refresh margin the still-valid token is served at once
 * while one background request replaces it, so callers never wait on Entra for a refresh; if
 * that refresh fails, the old token keeps being served and the next try waits 30 s. Only when
 * no valid token is left do callers wait on (and see the failure of) the token request.
 */
export function createTokenService(deps: TokenServiceDeps): TokenService {
  const { config, logger } = deps;
  const http = deps.http ?? axios.create();
  const clock = deps.clock ?? Date.now;
  const timeoutMs = deps.timeoutMs ?? config.alex.timeoutMs;
  let cached: CachedToken | undefined;
  let inflight: Promise<CachedToken> | undefined;
  let refreshBlockedUntil = 0;
  let throttledUntil = 0;
  let tokenRequests = 0;
  let lastError: string | null = null;

  const isValid = (entry: CachedToken | undefined, now: number): entry is CachedToken =>
    entry !== undefined && now < entry.expiresAt;

  function fetchToken(): Promise<CachedToken> {
    inflight ??= (async () => {
      tokenRequests += 1;
      const started = clock();
      try {
        const grant = await requestGrant(http, config.medtech, timeoutMs, clock);
        const lifetimeMs = grant.expiresInSeconds * 1000;
        // A margin longer than half the lifetime (short-lived test tokens) would refresh on every call.
        const marginMs = Math.min(config.medtech.tokenRefreshMarginSeconds * 1000, lifetimeMs / 2);
        // Timed from the request's start, so clock drift while waiting only shortens our use of it.
        cached = {
          token: grant.accessToken,
          expiresAt: started + lifetimeMs,
          refreshAt: started + lifetimeMs - marginMs,
        };
        lastError = null;
        deps.onTokenRequest?.('success');
        logger.info('medtech token acquired', {
          expiresInSeconds: grant.expiresInSeconds,
          durationMs: clock() - started,
        });
        return cached;
      } catch (thrown) {
        const error = thrown instanceof TokenError ? thrown : new TokenError('unavailable', 'unexpected');
        recordFailure(error);
        throw error;
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  }

  function recordFailure(error: TokenError): void {
    const now = clock();
    lastError = error.reason;
    deps.onTokenRequest?.(error.kind);
    if (isValid(cached, now)) refreshBlockedUntil = now + REFRESH_COOLDOWN_MS;
    if (error.retryAfterSeconds !== undefined) {
      throttledUntil = now + error.retryAfterSeconds * 1000;
      refreshBlockedUntil = Math.max(refreshBlockedUntil, throttledUntil);
    }
    logger.warn('medtech token request failed', { reason: error.reason, status: error.status });
  }

  async function getToken(): Promise<string> {
    const now = clock();
    if (isValid(cached, now)) {
      if (now >= cached.refreshAt && !inflight && now >= refreshBlockedUntil) {
        // The failure is recorded in lastError; the valid token carries on meanwhile.
        fetchToken().catch(() => undefined);
      }
      return cached.token;
    }
    if (now < throttledUntil) {
      throw new TokenError('throttled', 'throttled', 429, Math.ceil((throttledUntil - now) / 1000));
    }
    return (await fetchToken()).token;
  }

  function invalidate(token?: string): void {
    if (token === undefined || cached?.token === token) cached = undefined;
  }

  function info(): TokenInfo {
    const now = clock();
    const valid = isValid(cached, now) ? cached : undefined;
    return {
      cached: valid !== undefined,
      expiresAt: valid ? new Date(valid.expiresAt).toISOString() : null,
      expiresInSeconds: valid ? Math.floor((valid.expiresAt - now) / 1000) : null,
      refreshesAt: valid ? new Date(Math.max(valid.refreshAt, refreshBlockedUntil)).toISOString() : null,
      tokenRequests,
      lastError,
      mode: config.medtech.mode,
    };
  }

  async function readinessCheck() {
    try {
      await getToken();
      return { ok: true, expiresInSeconds: info().expiresInSeconds };
    } catch {
      return { ok: false, expiresInSeconds: null, error: lastError ?? 'unavailable' };
    }
  }

  return { getToken, invalidate, info, readinessCheck };
}
