/**
 * Reads a `Retry-After` header (RFC 9110: delay-seconds or an HTTP date) as milliseconds from
 * `now`. Returns undefined when absent or unreadable, so the caller falls back to its backoff.
 */
export function parseRetryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Milliseconds as whole seconds for our own `Retry-After`, never below 1. */
export function toRetryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
