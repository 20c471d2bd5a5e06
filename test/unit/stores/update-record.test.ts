import { createMemoryStore } from '../../../src/stores/memory-store';
import { StoreContentionError, getJson, setJson, updateJson } from '../../../src/stores/update-record';
import type { KeyValueStore } from '../../../src/stores/types';

describe('updateJson', () => {
  let store: KeyValueStore;
  beforeEach(() => {
    store = createMemoryStore();
  });
  afterEach(() => store.close());

  it('when the record is unchanged meanwhile, then the mutation is written and returned', async () => {
    await setJson(store, 'file', { status: 'processing' }, 60);
    const written = await updateJson<{ status: string }>(store, 'file', () => ({ status: 'ready' }));
    expect(written).toEqual({ status: 'ready' });
    expect(await getJson(store, 'file')).toEqual({ status: 'ready' });
  });

  it('when another writer changes the record between read and write, then the mutator runs again on the new value', async () => {
    await setJson(store, 'file', { n: 1 }, 60);
    const seen: number[] = [];
    const result = await updateJson<{ n: number }>(store, 'file', (current) => {
      seen.push(current.n);
      // Simulates a second process writing while this one computes (only on the first round).
      if (seen.length === 1) void store.set('file', JSON.stringify({ n: 10 }), 60);
      return { n: current.n + 1 };
    });
    expect(seen).toEqual([1, 10]);
    expect(result).toEqual({ n: 11 });
  });

  it('when every compare-and-set loses, then it gives up after the given attempts with StoreContentionError', async () => {
    await setJson(store, 'hot', { n: 0 }, 60);
    const losing: KeyValueStore = { ...store, compareAndSet: async () => false };
    const mutate = jest.fn((current: { n: number }) => ({ n: current.n + 1 }));
    const attempt = updateJson(losing, 'hot', mutate, { attempts: 3 });
    await expect(attempt).rejects.toBeInstanceOf(StoreContentionError);
    expect(mutate).toHaveBeenCalledTimes(3);
  });

  it('when a TTL is given, then the record gets it; otherwise it keeps its own', async () => {
    await setJson(store, 'keep', { n: 0 }, 30);
    await setJson(store, 'reset', { n: 0 }, 30);
    await updateJson<{ n: number }>(store, 'keep', (c) => ({ n: c.n + 1 }));
    await updateJson<{ n: number }>(store, 'reset', (c) => ({ n: c.n + 1 }), { ttlSeconds: 600 });
    expect(await store.ttl('keep')).toBeLessThanOrEqual(30);
    expect(await store.ttl('reset')).toBeGreaterThan(590);
  });
});
