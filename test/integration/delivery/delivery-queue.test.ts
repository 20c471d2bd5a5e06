import { randomUUID } from 'node:crypto';
import {
  createBullmqDeliveryQueue,
  createMemoryDeliveryQueue,
  nextDeliveryDelayMs,
  type DeliveryQueue,
  type DeliveryStep,
} from '../../../src/services/delivery';
import { REDIS_URL } from '../stores/redis-helpers';

const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const kinds: Array<[string, () => DeliveryQueue]> = [
  ['in process', () => createMemoryDeliveryQueue({ concurrency: 2 })],
  [
    'BullMQ on Redis',
    () =>
      createBullmqDeliveryQueue({
        redisUrl: REDIS_URL,
        keyPrefix: `test-delivery-${randomUUID().slice(0, 8)}:`,
        concurrency: 2,
      }),
  ],
];

describe.each(kinds)('delivery queue (%s)', (_kind, makeQueue) => {
  let queue: DeliveryQueue;
  const runs: Array<{ fileId: string; at: number }> = [];
  let decide: (fileId: string, run: number) => DeliveryStep;

  beforeEach(() => {
    runs.length = 0;
    decide = () => ({ kind: 'done' });
    queue = makeQueue();
    queue.start(async (fileId) => {
      runs.push({ fileId, at: Date.now() });
      return decide(fileId, runs.filter((run) => run.fileId === fileId).length);
    });
  });
  afterEach(() => queue.close());

  it('when a file is scheduled, then it runs once, not before its time', async () => {
    const at = Date.now() + 300;
    await queue.schedule('file-a', at);
    await waitFor(() => runs.length === 1);
    await pause(300);
    expect(runs).toHaveLength(1);
    expect(runs[0].at).toBeGreaterThanOrEqual(at - 20);
  });

  it('when the same file is scheduled twice, then it has one job and runs once', async () => {
    await queue.schedule('file-b', Date.now() + 200);
    await queue.schedule('file-b', Date.now() + 250);
    await waitFor(() => runs.length >= 1);
    await pause(400);
    expect(runs.map((run) => run.fileId)).toEqual(['file-b']);
  });

  it('when a run asks to retry, then it runs again at the time it gave, and stops when done', async () => {
    decide = (_fileId, run) => (run < 3 ? { kind: 'retry', atMs: Date.now() + 150 } : { kind: 'done' });
    await queue.schedule('file-c', Date.now());
    await waitFor(() => runs.length === 3);
    await pause(400);
    expect(runs).toHaveLength(3);
    expect(runs[1].at - runs[0].at).toBeGreaterThanOrEqual(120);
  });

  it('when a file is cancelled before its time, then it never runs', async () => {
    await queue.schedule('file-d', Date.now() + 300);
    await queue.cancel('file-d');
    await pause(600);
    expect(runs).toHaveLength(0);
  });

  it('when a scheduled job is moved earlier, then it runs at the new time', async () => {
    await queue.schedule('file-e', Date.now() + 60_000);
    await queue.schedule('file-e', Date.now() + 100);
    await waitFor(() => runs.length === 1, 3000);
    expect(runs[0].fileId).toBe('file-e');
  });

  it('when files wait, then the stats count them', async () => {
    await queue.schedule('file-f', Date.now() + 60_000);
    await queue.schedule('file-g', Date.now() + 60_000);
    await expect(queue.stats()).resolves.toMatchObject({ queued: 2 });
    await queue.cancel('file-f');
    await queue.cancel('file-g');
    await expect(queue.stats()).resolves.toMatchObject({ queued: 0 });
  });
});

describe('delivery backoff', () => {
  it('when deliveries keep failing, then the wait doubles from the base up to 15 minutes', () => {
    expect([1, 2, 3, 4].map((n) => nextDeliveryDelayMs(n, 30))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(nextDeliveryDelayMs(50, 30)).toBe(15 * 60 * 1000);
  });
});
