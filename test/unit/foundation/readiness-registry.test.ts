import { ReadinessRegistry, type ReadinessCheck } from '../../../src/health/readiness';

const SECRET_TEXT = 'SENTINEL connect ECONNREFUSED redis://:SENTINEL-PASSWORD@10.0.0.5:6379';

describe('ReadinessRegistry', () => {
  afterEach(() => jest.useRealTimers());

  it('when there are no checks, then it is ready with no checks', async () => {
    expect(await new ReadinessRegistry().run()).toEqual({ ok: true, checks: {} });
  });

  it('when every check is ok, then it is ready and shows each check with its details', async () => {
    const registry = new ReadinessRegistry();
    registry.add('token', async () => ({ ok: true, expiresInSeconds: 3000 }));
    registry.add('store', async () => ({ ok: true }));

    expect(await registry.run()).toEqual({
      ok: true,
      checks: { token: { ok: true, expiresInSeconds: 3000 }, store: { ok: true } },
    });
  });

  it('when one check reports ok:false, then it is not ready and the others still show', async () => {
    const registry = new ReadinessRegistry();
    registry.add('store', async () => ({ ok: false }));
    registry.add('token', async () => ({ ok: true }));

    expect(await registry.run()).toEqual({
      ok: false,
      checks: { store: { ok: false }, token: { ok: true } },
    });
  });

  it.each<[string, ReadinessCheck]>([
    ['rejects', async () => Promise.reject(new Error(SECRET_TEXT))],
    [
      'throws synchronously',
      () => {
        throw new Error(SECRET_TEXT);
      },
    ],
    ['resolves to nothing', async () => undefined as never],
    ['resolves to a non-boolean ok', async () => ({ ok: 'yes' }) as never],
  ])('when a check %s, then it counts as not ok without its error text', async (_kind, check) => {
    const registry = new ReadinessRegistry();
    registry.add('store', check);

    const result = await registry.run();

    expect(result.ok).toBe(false);
    expect(result.checks.store.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('SENTINEL');
  });

  it('when a check hangs, then after 3 s it counts as a timeout and the others are not held up', async () => {
    jest.useFakeTimers();
    const registry = new ReadinessRegistry();
    registry.add('alex', () => new Promise(() => undefined));
    registry.add('store', async () => ({ ok: true }));

    const pending = registry.run();
    await jest.advanceTimersByTimeAsync(2999);
    let settled = false;
    void pending.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);

    expect(await pending).toEqual({
      ok: false,
      checks: { alex: { ok: false, error: 'timeout' }, store: { ok: true } },
    });
  });

  it('when a check is added twice under one name, then the later one replaces the earlier', async () => {
    const registry = new ReadinessRegistry();
    registry.add('store', async () => ({ ok: false }));
    registry.add('store', async () => ({ ok: true }));

    expect(await registry.run()).toEqual({ ok: true, checks: { store: { ok: true } } });
  });
});
