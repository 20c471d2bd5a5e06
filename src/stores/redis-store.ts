import Redis from 'ioredis';
import type { Logger } from '../logging/logger';
import type { KeyValueStore } from './types';
import { assertTtlSeconds } from './ttl';

export interface RedisStoreOptions {
  /** REDIS_URL; may carry a password, so it is never logged. */
  url: string;
  /** Prepended to every key by ioredis (e.g. `cpgw:`), so one Redis can serve several apps. */
  keyPrefix: string;
  logger?: Logger;
  /** How long one connection attempt may take. Default 2000 ms. */
  connectTimeoutMs?: number;
}

/**
 * Compare-and-set must be one step on the server, or two gateway processes could both see the
 * old value and both write. KEEPTTL (Redis >= 6) keeps the key's remaining TTL.
 */
const COMPARE_AND_SET_LUA = `
local current = redis.call('GET', KEYS[1])
if current == false or current ~= ARGV[1] then return 0 end
if ARGV[3] == '' then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
else
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
return 1
`;

type CasClient = Redis & {
  compareAndSet(key: string, expected: string, next: string, ttl: string): Promise<number>;
};

/**
 * The shared store (STORE=redis) on ioredis, for PM2 cluster mode and several VMs: sessions,
 * staged images and commit records survive a restart and are seen by every process.
 *
 * Commands issued while disconnected wait in the offline queue and fail after a couple of
 * reconnection attempts (maxRetriesPerRequest), so a request never hangs on a dead Redis.
 */
export function createRedisStore(options: RedisStoreOptions): KeyValueStore {
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    lazyConnect: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 2,
    connectTimeout: options.connectTimeoutMs ?? 2000,
  }) as CasClient;
  client.defineCommand('compareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET_LUA });
  watchConnection(client, options.logger);

  return {
    async get(key) {
      return (await client.get(key)) ?? undefined;
    },

    async getBytes(key) {
      return (await client.getBuffer(key)) ?? undefined;
    },

    async set(key, value, ttlSeconds) {
      assertTtlSeconds(ttlSeconds);
      await client.set(key, value, 'EX', ttlSeconds);
    },

    async setIfAbsent(key, value, ttlSeconds) {
      assertTtlSeconds(ttlSeconds);
      return (await client.set(key, value, 'EX', ttlSeconds, 'NX')) === 'OK';
    },

    async compareAndSet(key, expected, next, ttlSeconds) {
      if (ttlSeconds !== undefined) assertTtlSeconds(ttlSeconds);
      return (
        (await client.compareAndSet(
          key,
          expected,
          next,
          ttlSeconds === undefined ? '' : String(ttlSeconds),
        )) === 1
      );
    },

    async delete(...keys) {
      return keys.length === 0 ? 0 : client.del(...keys);
    },

    async ttl(key) {
      const seconds = await client.ttl(key);
      return seconds === -2 ? undefined : seconds;
    },

    async ping() {
      await client.ping();
    },

    async close() {
      // quit waits for pending replies; a client that never connected has none and would wait.
      if (client.status === 'ready') await client.quit();
      else client.disconnect();
    },
  };
}

/**
 * ioredis emits 'error' on every failed reconnect; one line per outage is enough (and an
 * unhandled 'error' event would print to stderr). Only the error code is logged: messages
 * can name hosts, and the URL can carry a password.
 */
function watchConnection(client: Redis, logger: Logger | undefined): void {
  let down = false;
  client.on('error', (error: NodeJS.ErrnoException) => {
    if (down) return;
    down = true;
    logger?.warn('Redis store unreachable; reconnecting', { code: error.code ?? error.name });
  });
  client.on('ready', () => {
    if (down) logger?.info('Redis store reconnected');
    down = false;
  });
}
