import { createRedisStore } from '../../../src/stores/redis-store';
import { storeReadinessCheck } from '../../../src/stores';
import { getJson, setJson, updateJson } from '../../../src/stores/update-record';
import type { KeyValueStore } from '../../../src/stores/types';
import { captureLogs } from '../../helpers/log-capture';
import { describeStoreContract } from './store-contract';
import { deletePrefix, REDIS_URL, uniquePrefix } from './redis-helpers';

describeStoreContract('redis', async () => {
  const prefix = uniquePrefix();
  const store = createRedisStore({ url: REDIS_URL, keyPrefix: prefix });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await deletePrefix(prefix);
    },
  };
});

describe('redis store across processes', () => {
  const prefix = uniquePrefix();
  let first: KeyValueStore;
  let second: KeyValueStore;

  beforeEach(() => {
    // Two connections with one prefix: what two PM2 cluster workers have.
    first = createRedisStore({ url: REDIS_URL, keyPrefix: prefix });
    second = createRedisStore({ url: REDIS_URL, keyPrefix: prefix });
  });
  afterEach(async () => {
    await first.close();
    await second.close();
  });
  afterAll(() => deletePrefix(prefix));

  it('when one process writes, then the other reads the same string and bytes', async () => {
    await first.set('session', '{"state":"created"}', 60);
    await first.set('image', Buffer.from([0xff, 0xd8, 0x00, 0xd9]), 60);
    expect(await second.get('session')).toBe('{"state":"created"}');
    expect((await second.getBytes('image'))?.equals(Buffer.from([0xff, 0xd8, 0x00, 0xd9]))).toBe(true);
  });

  it('when both processes claim one key at once, then exactly one of 50 callers wins', async () => {
    const claims = Array.from({ length: 50 }, (_, i) =>
      (i % 2 === 0 ? first : second).setIfAbsent('commit-lock', `caller-${i}`, 60),
    );
    const results = await Promise.all(claims);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('when both processes update one record at once, then no increment is lost', async () => {
    await setJson(first, 'counter', { count: 0 }, 60);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        updateJson<{ count: number }>(i % 2 === 0 ? first : second, 'counter', (c) => ({
          count: c.count + 1,
        })),
      ),
    );
    expect(await getJson(second, 'counter')).toEqual({ count: 40 });
  });

  it('when a process restarts (store closed and opened again), then its records are still there', async () => {
    await first.set('survivor', 'still here', 60);
    await first.close();
    first = createRedisStore({ url: REDIS_URL, keyPrefix: prefix });
    expect(await first.get('survivor')).toBe('still here');
  });
});

describe('redis store readiness', () => {
  it('when Redis answers, then the readiness check reports ok', async () => {
    const store = createRedisStore({ url: REDIS_URL, keyPrefix: uniquePrefix() });
    try {
      expect(await storeReadinessCheck(store)()).toEqual({ ok: true });
    } finally {
      await store.close();
    }
  });

  it('when Redis is unreachable, then readiness reports ok:false without error text and commands reject', async () => {
    const { logger, text } = captureLogs();
    const store = createRedisStore({
      url: 'redis://:hunter2-secret@127.0.0.1:1',
      keyPrefix: uniquePrefix(),
      logger,
      connectTimeoutMs: 200,
    });
    try {
      expect(await storeReadinessCheck(store, 500)()).toEqual({ ok: false });
      await expect(store.get('anything')).rejects.toThrow();
      expect(text()).toContain('Redis store unreachable');
      expect(text()).not.toContain('hunter2');
    } finally {
      await store.close();
    }
  });
});
