import type { CheckResult } from '../../health/readiness';
import type { AlexMode } from '../../config';

/** What `GET /api/medtech/token-info` shows: counters and times, never the token. */
export interface TokenInfo {
  cached: boolean;
  expiresAt: string | null;
  expiresInSeconds: number | null;
  refreshesAt: string | null;
  tokenRequests: number;
  /** A short, safe reason such as `invalid_client` or `timeout`; null after a success. */
  lastError: string | null;
  mode: AlexMode;
}

/** The Entra ID client-credentials token, cached and shared by every ALEX call. */
export interface TokenService {
  /** A valid access token; waits on the one in-flight token request when none is cached. */
  getToken(): Promise<string>;
  /**
   * Drops the cached token after ALEX answered 401. With `token`, only when it is still the
   * cached one, so fifty requests failing with the same old token cause one refresh, not fifty.
   */
  invalidate(token?: string): void;
  info(): TokenInfo;
  /** `{ ok, expiresInSeconds }` for `/health/ready`. */
  readinessCheck(): Promise<CheckResult>;
}
