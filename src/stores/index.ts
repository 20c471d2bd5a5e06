import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { CheckResult } from '../health/readiness';
import type { KeyValueStore } from './types';
import { createMemoryStore } from './memory-store';
import { createRedisStore } from './redis-store';

export type { KeyValueStore } from './types';
export { getJson, setJson, updateJson, StoreContentionError } from './update-record';
export {
  StoreUnavailableError,
  isStoreUnavailable,
  STORE_RETRY_AFTER_SECONDS,
} from './store-unavailable-error';

/** The store CONFIG.md's STORE picks: memory (one process) or Redis (cluster, several VMs). */
export function createStore(config: Readonly<Pick<Config, 'store'>>, logger: Logger): KeyValueStore {
  if (config.store.kind === 'redis') {
    return createRedisStore({ url: config.store.redisUrl, keyPrefix: config.store.keyPrefix, logger });
  }
  return createMemoryStore();
}

const PING_TIMEOUT_MS = 1000;

/**
 * The `store` entry of /health/ready: ok or not, never the error text (the endpoint is
 * unauthenticated). Bounded by its own timeout so a black-holed Redis cannot stall readiness.
 */
export function storeReadinessCheck(
  store: KeyValueStore,
  timeoutMs = PING_TIMEOUT_MS,
): () => Promise<CheckResult> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      const ok = await Promise.race([store.ping().then(() => true), timeout]);
      return { ok };
    } catch {
      return { ok: false };
    } finally {
      clearTimeout(timer);
    }
  };
}
