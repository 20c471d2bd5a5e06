import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors';

/**
 * Phone tokens are short opaque random strings, not signed claims: the QR code then stays small
 * enough to scan from a monitor (GATEWAY-API.md, "Phone handoff"; version 6 for a realistic URL).
 * 16 random bytes are 128 bits, written as 22 base64url characters. The store never sees the
 * token itself, only its HMAC-SHA256 under MOBILE_TOKEN_SECRET, so a copy of the store (a Redis
 * dump, a backup) holds no working credential.
 */
export const TOKEN_BYTES = 16;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A fresh token and the HMAC the store keeps in its place. */
export function mintSessionToken(secret: string): { token: string; tokenHmac: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, tokenHmac: hmacOfToken(secret, token) };
}

/** Hex HMAC-SHA256 of a token: the key it is looked up by and the value the record holds. */
export function hmacOfToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token, 'utf8').digest('hex');
}

/** Only what `mintSessionToken` can produce is worth a store look-up. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** Compares two hex HMACs in constant time (different lengths are simply unequal). */
export function sameHmac(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** 401 for any token that is not a live one the gateway minted; the message tells the phone what to do. */
export const invalidTokenError = () =>
  new AppError('UNAUTHENTICATED', {
    message: 'This phone link is not valid. Scan the QR code on the desktop again.',
  });
