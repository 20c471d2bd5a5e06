import { localsOf } from './locals';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks `Authorization: Bearer <key>` against every configured key (several, for rotation).
 * Keys are compared as SHA-256 digests with timingSafeEqual, so neither a key's content nor
 * its length leaks through timing, and every key is always compared.
 */
export function apiKeyAuth(keys: readonly string[]): RequestHandler {
  const expected = keys.map(digest);
  return (req, res, next) => {
    const presented = bearerToken(req.get('authorization'));
    if (presented === undefined || !matchesAny(digest(presented), expected)) {
      throw new AppError('UNAUTHENTICATED', { message: 'A valid API key is required.' });
    }
    localsOf(res).auth = { kind: 'apiKey', keyId: digest(presented).subarray(0, 4).toString('hex') };
    next();
  };
}

function matchesAny(candidate: Buffer, expected: Buffer[]): boolean {
  let matched = false;
  for (const key of expected) matched = timingSafeEqual(candidate, key) || matched;
  return matched;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** A short, non-reversible name for an API key, for rate-limit buckets and logs. */
export function apiKeyBucket(header: string | undefined): string | undefined {
  const key = bearerToken(header);
  return key === undefined ? undefined : keyBucket(key);
}

/** The bucket name of one key, as `apiKeyBucket` names it when the key is presented. */
export function keyBucket(key: string): string {
  return `key:${digest(key).subarray(0, 8).toString('hex')}`;
}
