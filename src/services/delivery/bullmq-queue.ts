import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import type { DeliveryProcessor, DeliveryQueue, DeliveryStats } from './types';

export interface BullmqQueueOptions {
  redisUrl: string;
  /** REDIS_KEY_PREFIX: BullMQ's keys go under `<prefix>bull:delivery:*`. */
  keyPrefix: string;
  /** Delivery runs at once in this process (ALEX_CONCURRENCY). */
  concurrency: number;
  /** How long `schedule` may take before it counts as the store failing. */
  scheduleTimeoutMs?: number;
  clock?: () => number;
  onError?: (fileId: string, error: unknown) => void;
}

const QUEUE_NAME = 'delivery';
const RETRY_AFTER_CRASH_MS = 30_000;
const DEFAULT_SCHEDULE_TIMEOUT_MS = 1500;
/** Enough to find the oldest job without reading a huge queue at every scrape. */
const STATS_SAMPLE = 500;

interface DeliveryJobData {
  fileId: string;
}

/**
 * The delivery queue on BullMQ (STORE=redis): jobs live in Redis, survive restarts and are
 * shared by every PM2 worker; a job whose process died is picked up again by BullMQ's stalled
 * job check. Job id = file id, so a file never has two jobs. Each role has its own connection
 * with `maxRetriesPerRequest: null`, as BullMQ requires; the store's connection is not shared.
 */
export function createBullmqDeliveryQueue(options: BullmqQueueOptions): DeliveryQueue {
  const clock = options.clock ?? Date.now;
  const prefix = `${options.keyPrefix}bull`;
  const connection = () => new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const producer = connection();
  producer.on('error', () => undefined); // reported by the store's own connection watcher
  const queue = new Queue<DeliveryJobData>(QUEUE_NAME, { connection: producer, prefix });
  queue.on('error', () => undefined);
  let worker: Worker<DeliveryJobData> | undefined;
  let workerConnection: Redis | undefined;
  const timeoutMs = options.scheduleTimeoutMs ?? DEFAULT_SCHEDULE_TIMEOUT_MS;

  async function scheduleNow(fileId: string, atMs: number): Promise<void> {
    const delay = Math.max(0, atMs - clock());
    const existing = await queue.getJob(fileId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'delayed') return existing.changeDelay(delay);
      if (state === 'waiting' || state === 'active' || state === 'prioritized') return;
      // Completed or failed leftovers: make room for a new job under the same id.
      await existing.remove().catch(() => undefined);
    }
    await queue.add(
      'deliver',
      { fileId },
      { jobId: fileId, delay, removeOnComplete: true, removeOnFail: true },
    );
  }

  async function process(run: DeliveryProcessor, job: Job<DeliveryJobData>, token?: string): Promise<void> {
    let atMs: number;
    try {
      const step = await run(job.data.fileId);
      if (step.kind === 'done') return;
      atMs = step.atMs;
    } catch (error) {
      options.onError?.(job.data.fileId, error);
      atMs = clock() + RETRY_AFTER_CRASH_MS;
    }
    await job.moveToDelayed(Math.max(atMs, clock()), token);
    throw new DelayedError();
  }

  return {
    schedule: (fileId, atMs) => withTimeout(scheduleNow(fileId, atMs), timeoutMs),
    async cancel(fileId) {
      await withTimeout(queue.remove(fileId), timeoutMs).catch(() => undefined);
    },
    start(run) {
      if (worker) return;
      workerConnection = connection();
      workerConnection.on('error', () => undefined);
      worker = new Worker<DeliveryJobData>(QUEUE_NAME, (job, token) => process(run, job, token), {
        connection: workerConnection,
        prefix,
        concurrency: options.concurrency,
      });
      worker.on('error', () => undefined);
    },
    async stats(): Promise<DeliveryStats> {
      const counts = await withTimeout(
        queue.getJobCounts('delayed', 'waiting', 'active', 'prioritized'),
        timeoutMs,
      );
      const queued = Object.values(counts).reduce((sum, count) => sum + count, 0);
      const jobs = await withTimeout(
        queue.getJobs(['delayed', 'waiting', 'active', 'prioritized'], 0, STATS_SAMPLE),
        timeoutMs,
      );
      const oldest = Math.min(clock(), ...jobs.map((job) => job?.timestamp ?? clock()));
      return { queued, oldestQueuedSeconds: Math.max(0, Math.round((clock() - oldest) / 1000)) };
    },
    async close() {
      await worker?.close();
      await queue.close();
      producer.disconnect();
      workerConnection?.disconnect();
    },
  };
}

/** Rejects after `ms`; the operation may still finish later (a harmless extra or moved job). */
function withTimeout<T>(operation: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`delivery queue did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
}
