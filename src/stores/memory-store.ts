import NodeCache from 'node-cache';
import type { KeyValueStore } from './types';
import { assertTtlSeconds } from './ttl';

export interface MemoryStoreOptions {
  /** How often expired keys are swept; reads never see them either way. Default 60 s. */
  checkPeriodSeconds?: number;
}

type Stored = string | Buffer;

const asText = (value: Stored): string => (typeof value === 'string' ? value : value.toString('utf8'));
const asBytes = (value: Stored): Buffer => (typeof value === 'string' ? Buffer.from(value, 'utf8') : value);

/**
 * The single-process store (STORE=memory), on node-cache. Everything is lost when the process
 * exits (the README says so). Each operation runs synchronously between awaits, so
 * set-if-absent and compare-and-set are atomic within the one event loop.
 *
 * `useClones: false` keeps staged image Buffers from being deep-copied on every read and write;
 * callers must therefore treat Buffers they pass in or get back as read-only.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): KeyValueStore {
  const cache = new NodeCache({
    stdTTL: 0,
    checkperiod: options.checkPeriodSeconds ?? 60,
    useClones: false,
    deleteOnExpire: true,
  });

  /** The live value, or undefined; `has` drops an expired entry before we look at it. */
  const read = (key: string): Stored | undefined => (cache.has(key) ? cache.get<Stored>(key) : undefined);

  return {
    async get(key) {
      const value = read(key);
      return value === undefined ? undefined : asText(value);
    },

    async getBytes(key) {
      const value = read(key);
      return value === undefined ? undefined : asBytes(value);
    },

    async set(key, value, ttlSeconds) {
      assertTtlSeconds(ttlSeconds);
      cache.set(key, value, ttlSeconds);
    },

    async setIfAbsent(key, value, ttlSeconds) {
      assertTtlSeconds(ttlSeconds);
      if (read(key) !== undefined) return false;
      cache.set(key, value, ttlSeconds);
      return true;
    },

    async compareAndSet(key, expected, next, ttlSeconds) {
      if (ttlSeconds !== undefined) assertTtlSeconds(ttlSeconds);
      const current = read(key);
      if (current === undefined || asText(current) !== expected) return false;
      if (ttlSeconds !== undefined) {
        cache.set(key, next, ttlSeconds);
        return true;
      }
      // Keep the remaining TTL: getTtl is the absolute expiry in ms (0 = none). node-cache reads
      // a TTL of 0 as "forever", so a key a millisecond from expiry gets 1 ms, not eternity.
      const expiresAt = cache.getTtl(key) ?? 0;
      const remainingSeconds = expiresAt === 0 ? 0 : Math.max(expiresAt - Date.now(), 1) / 1000;
      cache.set(key, next, remainingSeconds);
      return true;
    },

    async delete(...keys) {
      const live = keys.filter((key) => cache.has(key));
      return cache.del(live);
    },

    async ttl(key) {
      if (!cache.has(key)) return undefined;
      const expiresAt = cache.getTtl(key) ?? 0;
      // Redis answers -1 for a key without expiry; nothing here is written without one.
      if (expiresAt === 0) return -1;
      // Rounded like Redis's TTL command, so both stores report the same figure.
      return Math.max(Math.round((expiresAt - Date.now()) / 1000), 0);
    },

    async ping() {
      // In-process: nothing to reach.
    },

    async close() {
      cache.flushAll();
      cache.close();
    },
  };
}
