import { localsOf } from './locals';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The SHA-256 of the key a request presents, worked out once per request: the rate limiter
 * (its bucket) and the key check (the comparison and `keyId`) both need it. Remembered with the
 * header it came from, so a changed header is digested afresh.
 */
const presentedDigests = new WeakMap<Request, { header: string | undefined; digest: Buffer | undefined }>();

function presentedDigest(req: Request): Buffer | undefined {
  const header = req.get('authorization');
  const known = presentedDigests.get(req);
  if (known && known.header === header) return known.digest;
  const key = bearerToken(header);
  const value = key === undefined ? undefined : digest(key);
  presentedDigests.set(req, { header, digest: value });
  return value;
}

/**
 * Checks `Authorization: Bearer <key>` against every configured key (several, for rotation).
 * Keys are compared as SHA-256 digests with timingSafeEqual, so neither a key's content nor
 * its length leaks through timing, and every key is always compared.
 */
export function apiKeyAuth(keys: readonly string[]): RequestHandler {
  const expected = keys.map(digest);
  return (req, res, next) => {
    const presented = presentedDigest(req);
    if (presented === undefined || !matchesAny(presented, expected)) {
      throw new AppError('UNAUTHENTICATED', { message: 'A valid API key is required.' });
    }
    localsOf(res).auth = { kind: 'apiKey', keyId: presented.subarray(0, 4).toString('hex') };
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

/** A short, non-reversible name for the API key a request presents, for rate-limit buckets. */
export function apiKeyBucket(req: Request): string | undefined {
  const presented = presentedDigest(req);
  return presented === undefined ? undefined : bucketOf(presented);
}

/** The bucket name of one key, as `apiKeyBucket` names it when the key is presented. */
export function keyBucket(key: string): string {
  return bucketOf(digest(key));
}

const bucketOf = (keyDigest: Buffer) => `key:${keyDigest.subarray(0, 8).toString('hex')}`;
