import type { DeliveryProcessor, DeliveryQueue, DeliveryStats } from './types';

export interface MemoryQueueOptions {
  /** Delivery runs at once in this process. */
  concurrency: number;
  clock?: () => number;
  onError?: (fileId: string, error: unknown) => void;
}

/** A processor that throws is tried again after this long, so a bug cannot spin. */
const RETRY_AFTER_CRASH_MS = 30_000;

/**
 * The in-process queue for the memory store: a timer per file. Everything in it is lost when
 * the process stops, exactly like the memory store's records (README, "What the pieces promise").
 */
export function createMemoryDeliveryQueue(options: MemoryQueueOptions): DeliveryQueue {
  const clock = options.clock ?? Date.now;
  const jobs = new Map<string, { atMs: number; createdAt: number; timer?: NodeJS.Timeout }>();
  const running = new Set<string>();
  const ready: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let processor: DeliveryProcessor | undefined;
  let closed = false;

  function arm(fileId: string): void {
    const job = jobs.get(fileId);
    if (!job || closed) return;
    clearTimeout(job.timer);
    job.timer = setTimeout(() => enqueue(fileId), Math.max(0, job.atMs - clock()));
    job.timer.unref();
  }

  function enqueue(fileId: string): void {
    if (!ready.includes(fileId)) ready.push(fileId);
    pump();
  }

  function pump(): void {
    while (processor && !closed && running.size < options.concurrency && ready.length > 0) {
      const fileId = ready.shift() as string;
      if (running.has(fileId) || !jobs.has(fileId)) continue;
      running.add(fileId);
      const run = runOne(processor, fileId).finally(() => {
        running.delete(fileId);
        inFlight.delete(run);
        pump();
      });
      inFlight.add(run);
    }
  }

  async function runOne(process: DeliveryProcessor, fileId: string): Promise<void> {
    let step;
    try {
      step = await process(fileId);
    } catch (error) {
      options.onError?.(fileId, error);
      step = { kind: 'retry' as const, atMs: clock() + RETRY_AFTER_CRASH_MS };
    }
    const job = jobs.get(fileId);
    if (!job) return;
    if (step.kind === 'done') jobs.delete(fileId);
    else {
      job.atMs = step.atMs;
      arm(fileId);
    }
  }

  return {
    async schedule(fileId, atMs) {
      const job = jobs.get(fileId);
      if (job && running.has(fileId)) return;
      if (job) job.atMs = atMs;
      else jobs.set(fileId, { atMs, createdAt: clock() });
      arm(fileId);
    },
    async cancel(fileId) {
      if (running.has(fileId)) return;
      clearTimeout(jobs.get(fileId)?.timer);
      jobs.delete(fileId);
    },
    start(run) {
      processor = run;
      pump();
    },
    async stats(): Promise<DeliveryStats> {
      const oldest = Math.min(...[...jobs.values()].map((job) => job.createdAt), clock());
      return { queued: jobs.size, oldestQueuedSeconds: Math.max(0, Math.round((clock() - oldest) / 1000)) };
    },
    async close() {
      closed = true;
      for (const job of jobs.values()) clearTimeout(job.timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
