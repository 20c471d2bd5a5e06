import { createHash } from 'node:crypto';

/** The `context` and `signature` of one launch URL. */
export interface LaunchPair {
  context: string;
  signature: string;
}

/**
 * Undoes what a query-string reader does to base64: `URLSearchParams` (and most frameworks)
 * read a literal `+` as a space. Base64 never holds a space, so every space was a `+`.
 */
export function mendPair(pair: LaunchPair): LaunchPair {
  return { context: pair.context.replace(/ /g, '+'), signature: pair.signature.replace(/ /g, '+') };
}

/**
 * What the replay guard keeps instead of the pair: a SHA-256 over both values (of a mended
 * pair, so `+` and space count as one). The pair itself is a bearer credential for ALEX's
 * decode and is never stored or logged.
 */
export function pairHash(pair: LaunchPair): string {
  return createHash('sha256').update(pair.context).update('\n').update(pair.signature).digest('hex');
}
