/**
 * Removes secrets from anything about to be logged. Two nets: keys whose name says "secret"
 * (authorization, tokens, API keys, cookies...) have their value replaced wherever they sit,
 * and string values are scrubbed of bearer tokens, JWTs, NHIs, query strings and any
 * literal secret registered at start-up (the client secret, the API keys).
 */
import { nhiInText } from '../schemas/patterns';

export const REDACTED = '[REDACTED]';

const SENSITIVE_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-mobile-token|x-api-key|access_?token|refresh_?token|id_?token|token|client_?secret|secret|password|api_?keys?|mobile_?token|t|nhi|patientdisplay|data)$/i;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
// NZ NHI numbers, both formats, from the one pattern the schemas validate with.
const NHI = nhiInText();
const QUERY_STRING = /(\/[^\s?"']*)\?[^\s"']*/g;
const MAX_DEPTH = 8;

const literalSecrets = new Set<string>();

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One scan that matches wherever any of the replacements below could match, and more: a `?` for
 * a query string, the scheme word for a bearer or basic credential, an NHI, each registered secret,
 * all case-insensitively. Most strings a log line carries (methods, route templates, ids,
 * messages) are clean: for them this single test replaces four global regex replacements and a
 * substring search per secret. When it finds nothing, every step below would have left the text
 * unchanged, so skipping them is exact. The query-string and JWT patterns are not in the scan
 * themselves: a `?` or `eyJ` is enough to decide, and their own forms backtrack on long runs of
 * `/` or (case-insensitively) `EYJ-`.
 */
let mightNeedRedaction = buildCandidatePattern();
const JWT_MARK = 'eyJ';

function buildCandidatePattern(): RegExp {
  const sources = ['\\?', '\\b(?:Bearer|Basic)\\s', NHI.source];
  for (const secret of literalSecrets) sources.push(escapeRegExp(secret));
  return new RegExp(sources.map((source) => `(?:${source})`).join('|'), 'i');
}

/** Registers a literal value (client secret, API key) that must never appear in a log line. */
export function registerSecret(value: string | undefined): void {
  if (typeof value !== 'string' || value.length < 8 || literalSecrets.has(value)) return;
  literalSecrets.add(value);
  mightNeedRedaction = buildCandidatePattern();
}

export function redactString(input: string): string {
  return input.includes(JWT_MARK) || mightNeedRedaction.test(input) ? redactEveryPattern(input) : input;
}

/** Every replacement, whatever the text; `redactString` skips it for text the one scan clears. */
export function redactEveryPattern(input: string): string {
  let output = input;
  for (const secret of literalSecrets) {
    if (output.includes(secret)) output = output.split(secret).join(REDACTED);
  }
  return output
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(QUERY_STRING, '$1')
    .replace(NHI, REDACTED);
}

/** The one rule for a named value: a sensitive key's value is replaced, anything else scrubbed. */
function redactField(key: string, value: unknown, depth: number, seen: WeakSet<object>): unknown {
  return SENSITIVE_KEY.test(key) ? REDACTED : redact(value, depth, seen);
}

/** Returns a redacted deep copy; never mutates its input. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  // As logform's JSON format wrote them: JSON.stringify refuses a bigint.
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth > MAX_DEPTH) return '[Truncated]';
  // Image bytes never reach a log, whatever view they come in (Buffer, Uint8Array...).
  if (ArrayBuffer.isView(value)) return `[Buffer ${value.byteLength} bytes]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Error) {
    // Both redacted whatever their type: code may set a non-string message (an object, a bigint).
    return { name: redact(value.name, depth + 1, seen), message: redact(value.message, depth + 1, seen) };
  }
  // `seen` holds the ancestors only: an object shared by two fields is not a cycle.
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) copy[key] = redactField(key, inner, depth + 1, seen);
    return copy;
  } finally {
    seen.delete(value);
  }
}

/**
 * Redacts a log line's own fields in place, by `redact`'s rule for each field, except `level`,
 * which winston reads back. In place because the line is winston's own object, built for this
 * one write: copying it whole and writing every field back cost a quarter of a written line.
 */
export function redactFields(fields: Record<string, unknown>): void {
  const seen = new WeakSet<object>([fields]);
  for (const key of Object.keys(fields)) {
    if (key === 'level') continue;
    fields[key] = redactField(key, fields[key], 1, seen);
  }
}
