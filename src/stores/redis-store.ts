import Redis from 'ioredis';
import type { Logger } from '../logging/logger';
import type { KeyValueStore } from './types';
import { assertTtlSeconds } from './ttl';
import { StoreUnavailableError } from './store-unavailable-error';

export interface RedisStoreOptions {
  /** REDIS_URL; may carry a password, so it is never logged. */
  url: string;
  /** Prepended to every key by ioredis (e.g. `cpgw:`), so one Redis can serve several apps. */
  keyPrefix: string;
  logger?: Logger;
  /** How long one connection attempt may take. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** How long one command may take before it fails as STORE_UNAVAILABLE. Default 1500 ms. */
  commandTimeoutMs?: number;
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

/** A command (or the first connection) that takes longer fails as STORE_UNAVAILABLE: inside the 2 s of GATEWAY-API.md. */
export const STORE_COMMAND_TIMEOUT_MS = 1500;

/**
 * The shared store (STORE=redis) on ioredis, for PM2 cluster mode and several VMs: sessions,
 * staged images and commit records survive a restart and are seen by every process.
 *
 * A dead or frozen Redis must cost a request at most ~1.5 s and end as `503 STORE_UNAVAILABLE`,
 * never a 500 or a hang: every command has a timeout, there is no offline queue (a command
 * issued while disconnected fails at once instead of piling up), and commands in flight when
 * the connection drops fail at once too. A command issued while the client is (re)connecting
 * waits up to 500 ms for it, so a process that has just started, or a one-off reconnect, does
 * not fail requests that a moment's patience would serve.
 */
export function createRedisStore(options: RedisStoreOptions): KeyValueStore {
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? STORE_COMMAND_TIMEOUT_MS,
    connectTimeout: options.connectTimeoutMs ?? 2000,
  }) as CasClient;
  client.defineCommand('compareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET_LUA });
  watchConnection(client, options.logger);
  const readyWaitMs = Math.min(options.commandTimeoutMs ?? STORE_COMMAND_TIMEOUT_MS, READY_WAIT_MS);

  /** Runs one store operation; any failure of Redis becomes StoreUnavailableError. */
  async function guarded<T>(operation: () => Promise<T>): Promise<T> {
    try {
      // Not connected (starting, or reconnecting after a blip): wait a little, never in a queue.
      if (client.status !== 'ready') await waitForReady(client, readyWaitMs);
      return await operation();
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(error);
    }
  }

  return {
    get: (key) => guarded(async () => (await client.get(key)) ?? undefined),

    getBytes: (key) => guarded(async () => (await client.getBuffer(key)) ?? undefined),

    async set(key, value, ttlSeconds) {
      assertTtlSeconds(ttlSeconds);
      await guarded(() => client.set(key, value, 'EX', ttlSeconds));
    },

    async setIfAbsent(key, value, ttlSeconds) {
      assertTtlSeconds(ttlSeconds);
      return (await guarded(() => client.set(key, value, 'EX', ttlSeconds, 'NX'))) === 'OK';
    },

    async compareAndSet(key, expected, next, ttlSeconds) {
      if (ttlSeconds !== undefined) assertTtlSeconds(ttlSeconds);
      const ttl = ttlSeconds === undefined ? '' : String(ttlSeconds);
      return (await guarded(() => client.compareAndSet(key, expected, next, ttl))) === 1;
    },

    delete: (...keys) => guarded(async () => (keys.length === 0 ? 0 : client.del(...keys))),

    ttl: (key) =>
      guarded(async () => {
        const seconds = await client.ttl(key);
        return seconds === -2 ? undefined : seconds;
      }),

    ping: () =>
      guarded(async () => {
        await client.ping();
      }),

    async close() {
      // quit waits for pending replies; a client that never connected has none and would wait.
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}

/** How long a command waits for a (re)connection before it fails: well inside the 2 s. */
const READY_WAIT_MS = 500;

/**
 * Resolves once the client is ready, or after `timeoutMs` (the command then fails fast on its
 * own). Never rejects: the command that follows reports the failure.
 */
function waitForReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    timer.unref();
    client.once('ready', done);
  });
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
