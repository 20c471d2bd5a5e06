import type { AlexRequest } from './types';

/** ALEX's answer to a bad or missing token (ALEX.md section 9, Medtech's vendor guide). */
export const STANDARD_TOKEN_MESSAGE = 'Unauthorized. Access token is missing or invalid.';

/** True when `body` is exactly ALEX's standard token 401 body, `{statusCode: 401, message}`. */
export function isStandardTokenRejection(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { statusCode?: unknown; message?: unknown } | null;
    return parsed?.statusCode === 401 && parsed.message === STANDARD_TOKEN_MESSAGE;
  } catch {
    return false;
  }
}

/**
 * Whether a 401 answer to `request` says the token was refused, so the client evicts it and
 * replays once. For most calls any 401 does; the launch decode also answers 401 for a tampered
 * pair (APIM-style body), which must not cost the gateway its token.
 */
export function isTokenRejection(request: Pick<AlexRequest, 'tokenRejection'>, body: string): boolean {
  return request.tokenRejection !== 'standard-message' || isStandardTokenRejection(body);
}
