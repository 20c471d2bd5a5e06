import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '../../errors';

/** Tokens are for the phone upload page only; a JWT minted for anything else is refused. */
const AUDIENCE = 'clinicpro-gateway:mobile-upload';
const ALGORITHMS: jwt.Algorithm[] = ['HS256'];

/** What a phone token says: the session it belongs to and nothing about the patient. */
export interface TokenClaims {
  sessionId: string;
  tokenId: string;
  /** True when the token's own `exp` has passed; the session record still decides the answer. */
  expired: boolean;
}

export function signSessionToken(
  secret: string,
  claims: { sessionId: string; issuedAtMs: number; expiresAtMs: number },
): { token: string; tokenId: string } {
  const tokenId = randomUUID();
  // exp is rounded up so the token never dies before its session record does.
  const token = jwt.sign(
    { iat: Math.floor(claims.issuedAtMs / 1000), exp: Math.ceil(claims.expiresAtMs / 1000) },
    secret,
    { algorithm: 'HS256', subject: claims.sessionId, jwtid: tokenId, audience: AUDIENCE },
  );
  return { token, tokenId };
}

/** 401 for any token that is not a live one the gateway minted; the message tells the phone what to do. */
export const invalidTokenError = () =>
  new AppError('UNAUTHENTICATED', {
    message: 'This phone link is not valid. Scan the QR code on the desktop again.',
  });

/**
 * Checks the signature with HS256 pinned (so `alg: none` and RS/HS confusion are refused) and
 * reads the claims. A token past its own `exp` is reported as expired rather than refused, so
 * the caller can answer 410 when the session record agrees; a bad signature or shape is 401.
 */
export function readSessionToken(secret: string, token: string, nowMs: number): TokenClaims {
  const options = { algorithms: ALGORITHMS, audience: AUDIENCE, clockTimestamp: Math.floor(nowMs / 1000) };
  let payload: string | jwt.JwtPayload;
  let expired = false;
  try {
    payload = jwt.verify(token, secret, options);
  } catch (error) {
    if (!(error instanceof jwt.TokenExpiredError)) throw invalidTokenError();
    // The signature was checked before the expiry, so the claims can be trusted.
    try {
      payload = jwt.verify(token, secret, { ...options, ignoreExpiration: true });
    } catch {
      throw invalidTokenError();
    }
    expired = true;
  }
  if (typeof payload === 'string' || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') {
    throw invalidTokenError();
  }
  return { sessionId: payload.sub, tokenId: payload.jti, expired };
}
