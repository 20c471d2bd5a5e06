import { createStore, storeReadinessCheck } from '../../../src/stores';
import type { KeyValueStore } from '../../../src/stores/types';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig } from '../../helpers/test-config';

const storeWithPing = (ping: () => Promise<void>): KeyValueStore => ({
  ...createStoreStub(),
  ping,
});

function createStoreStub(): KeyValueStore {
  const fail = async (): Promise<never> => {
    throw new Error('not used');
  };
  return {
    get: fail,
    getBytes: fail,
    set: fail,
    setIfAbsent: fail,
    compareAndSet: fail,
    delete: fail,
    ttl: fail,
    ping: fail,
    close: async () => undefined,
  };
}

describe('createStore', () => {
  it('when STORE is memory, then a working in-process store is returned', async () => {
    const store = createStore(testConfig({ STORE: 'memory' }), captureLogs().logger);
    await store.set('k', 'v', 10);
    expect(await store.get('k')).toBe('v');
    await store.close();
  });
});

describe('storeReadinessCheck', () => {
  it('when ping resolves, then the check reports ok', async () => {
    expect(await storeReadinessCheck(storeWithPing(async () => undefined))()).toEqual({ ok: true });
  });

  it('when ping rejects, then the check reports ok:false without the error text', async () => {
    const check = storeReadinessCheck(
      storeWithPing(async () => {
        throw new Error('NOAUTH secret-password-here');
      }),
    );
    const result = await check();
    expect(result).toEqual({ ok: false });
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  it('when ping never answers, then the check reports ok:false after its own timeout', async () => {
    const check = storeReadinessCheck(
      storeWithPing(() => new Promise<void>(() => undefined)),
      50,
    );
    expect(await check()).toEqual({ ok: false });
  });
});
