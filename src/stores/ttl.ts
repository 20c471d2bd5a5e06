/**
 * Every write carries a TTL in whole seconds (Redis `EX` takes integers, and both stores must
 * behave the same). A missing or non-positive TTL would mean "keep forever", which nothing the
 * gateway stages may do, so it is a programming error rather than a default.
 */
export function assertTtlSeconds(ttlSeconds: number): void {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${String(ttlSeconds)}`);
  }
}
