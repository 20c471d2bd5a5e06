import type { Config } from '../../config';
import type { Logger } from '../../logging/logger';
import { createBullmqDeliveryQueue } from './bullmq-queue';
import { createMemoryDeliveryQueue } from './memory-queue';
import type { DeliveryQueue } from './types';

/** The queue STORE picks: BullMQ on the same Redis with STORE=redis, else in process. */
export function createDeliveryQueue(
  config: Readonly<Pick<Config, 'store' | 'alex'>>,
  logger: Logger,
): DeliveryQueue {
  const onError = (fileId: string, error: unknown) =>
    logger.error('delivery run crashed', {
      fileId,
      error: error instanceof Error ? error.name : typeof error,
    });
  if (config.store.kind === 'redis') {
    return createBullmqDeliveryQueue({
      redisUrl: config.store.redisUrl,
      keyPrefix: config.store.keyPrefix,
      concurrency: config.alex.concurrency,
      onError,
    });
  }
  return createMemoryDeliveryQueue({ concurrency: config.alex.concurrency, onError });
}
