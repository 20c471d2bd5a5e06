import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from '../../../src/stores/types';
import { getJson, setJson, updateJson } from '../../../src/stores/update-record';

/** What a store-under-test provides: the store and how to remove what the run wrote. */
export interface StoreFixture {
  store: KeyValueStore;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A 1 s TTL has certainly passed after this long, on either store. */
const AFTER_ONE_SECOND = 1200;

/**
 * The one behaviour both stores must share (memory and Redis): sessions, uploads and commits
 * are written against this, so a difference between the stores is a bug in one of them.
 */
export function describeStoreContract(name: string, open: () => Promise<StoreFixture>): void {
  describe(`${name} store contract`, () => {
    let fixture: StoreFixture;
    let store: KeyValueStore;
    const key = (label: string) => `${label}:${randomUUID()}`;

    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture.cleanup();
    });

    it('when a string is set, then get returns it and getBytes returns its UTF-8 bytes', async () => {
      const k = key('text');
      await store.set(k, 'héllo {"a":1}', 60);
      expect(await store.get(k)).toBe('héllo {"a":1}');
      expect(await store.getBytes(k)).toEqual(Buffer.from('héllo {"a":1}', 'utf8'));
    });

    it('when a Buffer holding every byte 0..255 is set, then getBytes returns the same bytes', async () => {
      const k = key('bytes');
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      await store.set(k, bytes, 60);
      const read = await store.getBytes(k);
      expect(Buffer.isBuffer(read)).toBe(true);
      expect(read?.equals(bytes)).toBe(true);
    });

    it('when a key was never written, then get, getBytes and ttl are undefined', async () => {
      const k = key('absent');
      expect(await store.get(k)).toBeUndefined();
      expect(await store.getBytes(k)).toBeUndefined();
      expect(await store.ttl(k)).toBeUndefined();
    });

    it('when a key is set again, then the value and the TTL are replaced', async () => {
      const k = key('replace');
      await store.set(k, 'one', 1);
      await store.set(k, 'two', 300);
      expect(await store.get(k)).toBe('two');
      expect(await store.ttl(k)).toBeGreaterThan(290);
    });

    it('when a TTL is given, then ttl reports the remaining whole seconds', async () => {
      const k = key('ttl');
      await store.set(k, 'v', 100);
      const ttl = await store.ttl(k);
      expect(ttl).toBeGreaterThanOrEqual(99);
      expect(ttl).toBeLessThanOrEqual(100);
    });

    it('when the TTL passes, then the key is gone for every read and can be claimed again', async () => {
      const text = key('expire-text');
      const bytes = key('expire-bytes');
      const claim = key('expire-claim');
      await store.set(text, 'soon gone', 1);
      await store.set(bytes, Buffer.from([0, 1, 2]), 1);
      expect(await store.setIfAbsent(claim, 'first', 1)).toBe(true);
      await sleep(AFTER_ONE_SECOND);
      expect(await store.get(text)).toBeUndefined();
      expect(await store.getBytes(bytes)).toBeUndefined();
      expect(await store.ttl(text)).toBeUndefined();
      expect(await store.delete(text, bytes)).toBe(0);
      expect(await store.compareAndSet(text, 'soon gone', 'revived')).toBe(false);
      expect(await store.setIfAbsent(claim, 'second', 60)).toBe(true);
      expect(await store.get(claim)).toBe('second');
    });

    it('when a TTL is zero, negative or fractional, then the write is refused', async () => {
      const k = key('bad-ttl');
      await expect(store.set(k, 'v', 0)).rejects.toThrow(RangeError);
      await expect(store.setIfAbsent(k, 'v', -1)).rejects.toThrow(RangeError);
      await expect(store.set(k, 'v', 1.5)).rejects.toThrow(RangeError);
      expect(await store.get(k)).toBeUndefined();
    });

    it('when a key exists, then setIfAbsent does not overwrite it and returns false', async () => {
      const k = key('claimed');
      await store.set(k, 'owner', 60);
      expect(await store.setIfAbsent(k, 'intruder', 60)).toBe(false);
      expect(await store.get(k)).toBe('owner');
    });

    it('when 50 callers claim one key at once, then exactly one wins and its value is stored', async () => {
      const k = key('race');
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.setIfAbsent(k, `caller-${i}`, 60)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get(k)).toBe(`caller-${results.indexOf(true)}`);
    });

    it('when compareAndSet sees the expected value, then it writes and returns true', async () => {
      const k = key('cas-ok');
      await store.set(k, 'created', 60);
      expect(await store.compareAndSet(k, 'created', 'opened')).toBe(true);
      expect(await store.get(k)).toBe('opened');
    });

    it('when compareAndSet sees another value, then it leaves the key alone and returns false', async () => {
      const k = key('cas-stale');
      await store.set(k, 'opened', 60);
      expect(await store.compareAndSet(k, 'created', 'uploading')).toBe(false);
      expect(await store.get(k)).toBe('opened');
    });

    it('when compareAndSet targets an absent key, then nothing is written and it returns false', async () => {
      const k = key('cas-absent');
      expect(await store.compareAndSet(k, '', 'x')).toBe(false);
      expect(await store.get(k)).toBeUndefined();
    });

    it('when compareAndSet gives no TTL, then the key keeps its remaining TTL; with one, the TTL is reset', async () => {
      const keeps = key('cas-keep');
      const resets = key('cas-reset');
      await store.set(keeps, 'a', 1);
      await store.set(resets, 'a', 1);
      expect(await store.compareAndSet(keeps, 'a', 'b')).toBe(true);
      expect(await store.compareAndSet(resets, 'a', 'b', 120)).toBe(true);
      expect(await store.ttl(keeps)).toBeLessThanOrEqual(1);
      expect(await store.ttl(resets)).toBeGreaterThan(100);
      await sleep(AFTER_ONE_SECOND);
      expect(await store.get(keeps)).toBeUndefined();
      expect(await store.get(resets)).toBe('b');
    });

    it('when keys are deleted, then the count says how many existed', async () => {
      const a = key('del-a');
      const b = key('del-b');
      await store.set(a, '1', 60);
      await store.set(b, Buffer.from([9]), 60);
      expect(await store.delete(a, b, key('del-missing'))).toBe(2);
      expect(await store.get(a)).toBeUndefined();
      expect(await store.delete(a)).toBe(0);
      expect(await store.delete()).toBe(0);
    });

    it('when 50 updateJson increments run at once on one record, then it ends at exactly 50', async () => {
      const k = key('counter');
      await setJson(store, k, { count: 0 }, 60);
      await Promise.all(
        Array.from({ length: 50 }, () =>
          updateJson<{ count: number }>(store, k, (c) => ({ count: c.count + 1 })),
        ),
      );
      expect(await getJson(store, k)).toEqual({ count: 50 });
      expect(await store.ttl(k)).toBeGreaterThan(0);
    });

    it('when updateJson finds no record or the mutator declines, then it resolves undefined and writes nothing', async () => {
      const absent = key('upd-absent');
      const present = key('upd-declined');
      await setJson(store, present, { state: 'revoked' }, 60);
      expect(await updateJson(store, absent, () => ({ state: 'x' }))).toBeUndefined();
      expect(await updateJson(store, present, () => undefined)).toBeUndefined();
      expect(await store.get(absent)).toBeUndefined();
      expect(await getJson(store, present)).toEqual({ state: 'revoked' });
    });

    it('when the store is reachable, then ping resolves', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
