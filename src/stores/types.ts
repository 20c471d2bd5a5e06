/**
 * The key-value store behind phone sessions, staged images and commit records.
 * Two implementations share this interface and one contract test suite: in memory
 * (node-cache, one process) and Redis (ioredis, PM2 cluster or several VMs).
 *
 * Values are strings (JSON records) or bytes (images). Every write takes a TTL in seconds,
 * so nothing the gateway stages can outlive its purpose. The atomic operations are the ones
 * sessions, uploads and commits need: set-if-absent (claim) and compare-and-set (state moves).
 */
export interface KeyValueStore {
  /** The string at `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** The bytes at `key`, or undefined when absent or expired. */
  getBytes(key: string): Promise<Buffer | undefined>;
  /** Writes `value` with a TTL, replacing whatever was there. */
  set(key: string, value: string | Buffer, ttlSeconds: number): Promise<void>;
  /** Writes only when `key` is absent; true when this call wrote it (an atomic claim). */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /**
   * Replaces the value only when it still equals `expected`; true when replaced. With no
   * `ttlSeconds` the key keeps its remaining TTL. An absent key never matches.
   */
  compareAndSet(key: string, expected: string, next: string, ttlSeconds?: number): Promise<boolean>;
  /** Deletes keys; resolves to how many existed. */
  delete(...keys: string[]): Promise<number>;
  /** Remaining TTL in seconds, or undefined when the key is absent. */
  ttl(key: string): Promise<number | undefined>;
  /** Resolves when the store answers; rejects otherwise (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
