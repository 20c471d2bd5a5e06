/**
 * Live status (GATEWAY-API.md, "Live status"): session and file notices, published by whichever
 * process changed something and heard by every process with a stream for that session (an
 * EventEmitter with the memory store, Redis pub/sub with STORE=redis), and the SSE streams
 * that turn them into `snapshot`, `session` and `file` events.
 */
import type { Config } from '../../config';
import type { Logger } from '../../logging/logger';
import { createEventStreams, type EventStreams } from './event-stream';
import { createMemoryBus } from './memory-bus';
import { notifierOn, type EventBus, type EventNotifier } from './notices';
import { createRedisBus } from './redis-bus';
import { createStreamRegistry, type StreamRegistry } from './stream-registry';

export { NO_EVENTS, type EventBus, type EventNotice, type EventNotifier } from './notices';
export { STREAMS_PER_SESSION, type StreamRegistry } from './stream-registry';
export type { EventStreams, OpenStreamOptions, StreamViews } from './event-stream';
export { createMemoryBus } from './memory-bus';
export { createRedisBus, sessionChannel } from './redis-bus';

/** The events part of the gateway, as bootstrap wires it. */
export interface GatewayEvents extends EventNotifier {
  streams: EventStreams;
  registry: StreamRegistry;
  bus: EventBus;
  close(): Promise<void>;
}

export interface GatewayEventsDeps {
  config: Readonly<Pick<Config, 'store' | 'events'>>;
  /** The store's key prefix (REDIS_KEY_PREFIX); channels carry it too. */
  keyPrefix: string;
  /** True once the process drains: new streams are refused with 503. */
  draining: () => boolean;
  logger?: Logger;
  /** A bus to use instead of the one STORE picks (tests). */
  bus?: EventBus;
  clock?: () => number;
}

/** Builds the bus STORE picks, the stream registry and the SSE streams. */
export function createGatewayEvents(deps: GatewayEventsDeps): GatewayEvents {
  const { config, logger } = deps;
  const bus =
    deps.bus ??
    (config.store.kind === 'redis'
      ? createRedisBus({ url: config.store.redisUrl, prefix: deps.keyPrefix, logger })
      : createMemoryBus());
  const registry = createStreamRegistry({ maxStreams: config.events.maxStreams, draining: deps.draining });
  const streams = createEventStreams({
    bus,
    registry,
    keepAliveMs: config.events.keepAliveMs,
    logger,
    clock: deps.clock,
  });
  return {
    ...notifierOn(bus),
    streams,
    registry,
    bus,
    async close() {
      registry.closeAll();
      await bus.close();
    },
  };
}
