import { createHeicPool, type HeicDecoder } from '../../../src/services/images/heic-pool';

const ANY = { width: 10, height: 10, maxPixels: 1_000_000 };

describe('createHeicPool', () => {
  let pool: HeicDecoder | undefined;

  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('when nothing has been decoded yet, then no worker is running', () => {
    pool = createHeicPool({ size: 2 });
    expect(pool.workerCount).toBe(0);
  });

  it('when the bytes are not a HEIC, then the decode is refused with 422 and the worker is kept for reuse', async () => {
    pool = createHeicPool({ size: 1 });

    await expect(pool.decode(Buffer.from('not a heic at all, just text'), ANY)).rejects.toMatchObject({
      code: 'IMAGE_UNREADABLE',
      status: 422,
    });
    await expect(pool.decode(Buffer.from('still not a heic'), ANY)).rejects.toMatchObject({
      code: 'IMAGE_UNREADABLE',
    });

    expect(pool.workerCount).toBe(1);
  });

  it('when more decodes arrive than workers, then they queue and all settle on the one worker', async () => {
    pool = createHeicPool({ size: 1 });

    const settled = await Promise.allSettled(
      [1, 2, 3].map((n) => (pool as HeicDecoder).decode(Buffer.from(`junk ${n}`), ANY)),
    );

    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(pool.workerCount).toBe(1);
  });

  it('when a decode takes longer than the timeout, then it is refused with 422 and that worker is ended', async () => {
    pool = createHeicPool({ size: 1, timeoutMs: 1 });

    await expect(pool.decode(Buffer.from('whatever'), ANY)).rejects.toMatchObject({
      code: 'IMAGE_UNREADABLE',
    });

    expect(pool.workerCount).toBe(0);
  });

  it('when a worker has been idle for longer than idleMs, then it is ended to free its memory', async () => {
    pool = createHeicPool({ size: 1, idleMs: 20 });
    await pool.decode(Buffer.from('junk'), ANY).catch(() => undefined);
    expect(pool.workerCount).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(pool.workerCount).toBe(0);
  });

  it('when the pool is closed, then workers are ended and later decodes are refused as unavailable', async () => {
    const closing = createHeicPool({ size: 1 });
    await closing.decode(Buffer.from('junk'), ANY).catch(() => undefined);

    await closing.close();

    expect(closing.workerCount).toBe(0);
    await expect(closing.decode(Buffer.from('junk'), ANY)).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
    });
  });
});
