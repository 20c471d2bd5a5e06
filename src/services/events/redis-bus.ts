import Redis from 'ioredis';
import type { Logger } from '../../logging/logger';
import type { EventBus, EventNotice, NoticeListener } from './notices';

export interface RedisBusOptions {
  /** REDIS_URL; may carry a password, so it is never logged. */
  url: string;
  /** The store's key prefix (REDIS_KEY_PREFIX): channels share it, so two gateways on one Redis never cross. */
  prefix: string;
  logger?: Logger;
  /** How long a SUBSCRIBE may take before the stream is refused. Default 2000 ms. */
  subscribeTimeoutMs?: number;
}

/** One channel per session: a process only hears about sessions it has streams for. */
export const sessionChannel = (prefix: string, sessionId: string) =>
  `${prefix}events:session:${encodeURIComponent(sessionId)}`;

function parseNotice(message: string): EventNotice | undefined {
  try {
    const value = JSON.parse(message) as Partial<EventNotice> & { fileId?: unknown };
    if (typeof value.sessionId !== 'string') return undefined;
    if (value.kind === 'session') return { kind: 'session', sessionId: value.sessionId };
    if (value.kind === 'file' && typeof value.fileId === 'string') {
      return { kind: 'file', sessionId: value.sessionId, fileId: value.fileId };
    }
  } catch {
    // Not ours (or garbled): ignored, like any message on a channel we do not own.
  }
  return undefined;
}

/**
 * The bus for STORE=redis: Redis pub/sub, so a stream on one process hears an upload handled by
 * another. Two connections of its own (a subscriber cannot send other commands): the publisher
 * and the subscriber, which holds one SUBSCRIBE per session with at least one local stream.
 * After the subscriber reconnects (ioredis re-subscribes by itself) every listener gets a
 * `resync`, since notices published while it was away are gone.
 */
export function createRedisBus(options: RedisBusOptions): EventBus {
  const { logger, prefix } = options;
  const connection = { maxRetriesPerRequest: 2, connectTimeout: 2000, commandTimeout: 2000 };
  const publisher = new Redis(options.url, { ...connection, enableOfflineQueue: true });
  const subscriber = new Redis(options.url, { ...connection, enableOfflineQueue: true });
  const listeners = new Map<string, Set<NoticeListener>>();
  const subscribing = new Map<string, Promise<unknown>>();
  const timeoutMs = options.subscribeTimeoutMs ?? 2000;
  let lostConnection = false;

  for (const [name, client] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    // The error text may quote the URL; only its kind is logged.
    client.on('error', (error: Error & { code?: string }) =>
      logger?.warn('event bus connection error', { connection: name, code: error.code ?? error.name }),
    );
  }
  subscriber.on('close', () => (lostConnection = listeners.size > 0 || lostConnection));
  subscriber.on('ready', () => {
    if (!lostConnection) return;
    lostConnection = false;
    for (const [sessionId, set] of listeners) {
      for (const listener of set) listener({ kind: 'resync', sessionId });
    }
  });
  subscriber.on('message', (_channel: string, message: string) => {
    const notice = parseNotice(message);
    if (!notice) return;
    for (const listener of listeners.get(notice.sessionId) ?? []) listener(notice);
  });

  function withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('SUBSCRIBE timed out')), timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  function release(sessionId: string, listener: NoticeListener) {
    const set = listeners.get(sessionId);
    if (!set?.delete(listener) || set.size > 0) return;
    listeners.delete(sessionId);
    subscribing.delete(sessionId);
    // Commands on one connection run in order, so a SUBSCRIBE issued after this still wins.
    subscriber.unsubscribe(sessionChannel(prefix, sessionId)).catch(() => undefined);
  }

  return {
    publish(notice) {
      publisher
        .publish(sessionChannel(prefix, notice.sessionId), JSON.stringify(notice))
        .catch((error: Error & { code?: string }) =>
          logger?.warn('event not published', { kind: notice.kind, code: error.code ?? error.name }),
        );
    },

    async subscribe(sessionId, listener) {
      let set = listeners.get(sessionId);
      if (!set) {
        set = new Set();
        listeners.set(sessionId, set);
        subscribing.set(sessionId, subscriber.subscribe(sessionChannel(prefix, sessionId)));
      }
      set.add(listener);
      try {
        await withTimeout(subscribing.get(sessionId) ?? Promise.resolve());
      } catch (error) {
        const failed = subscribing.get(sessionId);
        release(sessionId, listener);
        // A failed SUBSCRIBE must not be reused by the next stream of the session.
        if (failed && subscribing.get(sessionId) === failed) subscribing.delete(sessionId);
        throw error;
      }
      return () => release(sessionId, listener);
    },

    async close() {
      listeners.clear();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
