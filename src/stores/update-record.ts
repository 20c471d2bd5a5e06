import type { KeyValueStore } from './types';

/** Thrown when a record kept changing under us for every attempt of `updateJson`. */
export class StoreContentionError extends Error {
  constructor(
    readonly key: string,
    readonly attempts: number,
  ) {
    super(`The record changed under ${attempts} consecutive updates; giving up`);
    this.name = 'StoreContentionError';
  }
}

export interface UpdateOptions {
  /** A new TTL for the record; by default it keeps its remaining TTL. */
  ttlSeconds?: number;
  /** How many read-modify-write rounds before giving up. Default 100. */
  attempts?: number;
}

const DEFAULT_ATTEMPTS = 100;

/** The JSON record at `key`, or undefined when absent or expired. */
export async function getJson<T>(store: KeyValueStore, key: string): Promise<T | undefined> {
  const raw = await store.get(key);
  return raw === undefined ? undefined : (JSON.parse(raw) as T);
}

/** Writes `value` as JSON with a TTL, replacing whatever was there. */
export async function setJson<T>(
  store: KeyValueStore,
  key: string,
  value: T,
  ttlSeconds: number,
): Promise<void> {
  await store.set(key, JSON.stringify(value), ttlSeconds);
}

/**
 * Optimistic read-modify-write of a JSON record: read, apply `mutate`, and write back with
 * compare-and-set on the exact text that was read; when another writer (in this process or
 * another one) got there first, read again and retry. This is how sessions, files and commit
 * records change state without locks, identically on the memory and the Redis store.
 *
 * `mutate` may run several times and must be pure; it returns the next record, or undefined to
 * decline (no write). Resolves to the record written, or undefined when the key is absent or
 * the mutator declined. Rejects with StoreContentionError after `attempts` lost races.
 */
export async function updateJson<T, Next extends T = T>(
  store: KeyValueStore,
  key: string,
  mutate: (current: T) => Next | undefined,
  options: UpdateOptions = {},
): Promise<Next | undefined> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const raw = await store.get(key);
    if (raw === undefined) return undefined;
    const next = mutate(JSON.parse(raw) as T);
    if (next === undefined) return undefined;
    if (await store.compareAndSet(key, raw, JSON.stringify(next), options.ttlSeconds)) return next;
    // Lost the race: a short random pause spreads out writers that would otherwise collide again.
    if (attempt < attempts) await pause(Math.random() * Math.min(2 ** attempt, 50));
  }
  throw new StoreContentionError(key, attempts);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
