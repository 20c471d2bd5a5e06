import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditRecord } from '../../schemas/audit';

/** The `prevHash` of the very first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** A record before it is hashed: every field but `hash`, `prevHash` included. */
export type AuditRecordBody = Omit<AuditRecord, 'hash'>;

/**
 * SHA-256 (hex) over `prevHash`, a newline, and the record without `hash` serialised with JSON
 * Canonicalization (RFC 8785), so any process (or the verifier) computes the same bytes.
 */
export function hashRecord(body: AuditRecordBody): string {
  const canonical = canonicalize(body);
  if (canonical === undefined) throw new Error('audit record cannot be canonicalised');
  return createHash('sha256').update(`${body.prevHash}\n${canonical}`).digest('hex');
}

/** Seals a body: the stored record is the body plus its hash. */
export function sealRecord(body: AuditRecordBody): AuditRecord {
  return { ...body, hash: hashRecord(body) };
}

/** The first 12 hex characters of the SHA-256 of an API key: names the key, never reveals it. */
export function apiKeyId(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 12);
}
