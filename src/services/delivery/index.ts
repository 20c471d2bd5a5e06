export type { DeliveryQueue, DeliveryProcessor, DeliveryStep, DeliveryStats } from './types';
export { createMemoryDeliveryQueue, type MemoryQueueOptions } from './memory-queue';
export { createBullmqDeliveryQueue, type BullmqQueueOptions } from './bullmq-queue';
export { createDeliveryQueue } from './create-delivery-queue';
export { nextDeliveryDelayMs, MAX_DELIVERY_DELAY_MS } from './backoff';
