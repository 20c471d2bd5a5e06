import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { AggregatorRegistry, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { Logger } from '../../logging/logger';

type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

export interface ClusterMetricsOptions {
  /** REDIS_URL: this publisher opens its own connection (one connection per role). */
  redisUrl: string;
  /** The store's key prefix (REDIS_KEY_PREFIX, `cpgw:`). */
  keyPrefix: string;
  worker: Registry;
  logger: Logger;
  publishEveryMs?: number;
  ttlSeconds?: number;
}

/** Renders one scrape: the worker metrics of every live process, merged. */
export interface MetricsSource {
  workerMetrics(): Promise<Registry>;
  close(): Promise<void>;
}

/** Fork mode and the memory store: this process is the whole gateway. */
export function localMetricsSource(worker: Registry): MetricsSource {
  return { workerMetrics: async () => worker, close: async () => undefined };
}

/**
 * PM2 cluster mode has no master of ours to aggregate in: each worker publishes its registry's
 * JSON to Redis with a short TTL, and the worker that is scraped merges every live snapshot
 * with prom-client's `AggregatorRegistry.aggregate` (each metric's `aggregator`: sums, or max).
 * A worker that died drops out when its key expires. Its own snapshot is taken fresh.
 */
export function clusterMetricsSource(options: ClusterMetricsOptions): MetricsSource {
  const publishEveryMs = options.publishEveryMs ?? 5000;
  const ttlSeconds = options.ttlSeconds ?? 15;
  const pattern = `${options.keyPrefix}metrics:worker:`;
  const ownKey = `${pattern}${process.pid}-${randomBytes(4).toString('hex')}`;
  const redis = new Redis(options.redisUrl, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
  });
  let warned = false;
  redis.on('error', () => {
    // ioredis retries by itself; one warning per outage is enough, without the URL (it may hold a password).
    if (!warned) options.logger.warn('metrics publisher cannot reach redis');
    warned = true;
  });
  redis.on('ready', () => {
    warned = false;
    void publish();
  });

  async function publish(): Promise<void> {
    try {
      const json = await options.worker.getMetricsAsJSON();
      await redis.set(ownKey, JSON.stringify(json), 'EX', ttlSeconds);
    } catch {
      // Redis is down: this worker is missing from other workers' scrapes until it is back.
    }
  }
  const timer = setInterval(() => void publish(), publishEveryMs);
  timer.unref();

  async function otherSnapshots(): Promise<MetricsJson[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${pattern}*`, 'COUNT', 100);
      cursor = next;
      keys.push(...found.filter((key) => key !== ownKey));
    } while (cursor !== '0');
    if (keys.length === 0) return [];
    const values = await redis.mget(...keys);
    return values.flatMap((value) => (value ? [JSON.parse(value) as MetricsJson] : []));
  }

  return {
    async workerMetrics() {
      const own = await options.worker.getMetricsAsJSON();
      let others: MetricsJson[] = [];
      try {
        others = await otherSnapshots();
      } catch {
        // Without Redis a scrape still answers, with this worker alone.
      }
      return AggregatorRegistry.aggregate([own, ...others]);
    },
    async close() {
      clearInterval(timer);
      try {
        if (redis.status === 'ready') await redis.del(ownKey);
      } finally {
        redis.disconnect();
      }
    },
  };
}
