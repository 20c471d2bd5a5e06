import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../errors';
import type { Logger } from '../../logging/logger';
import type { EventBus, EventNotice } from './notices';
import { SseWriter } from './sse-writer';
import type { StreamRegistry } from './stream-registry';

/**
 * How one stream reads what it sends. Every call re-reads the stores, so a notice from any
 * process shows the state as it is now. `file` resolves to undefined when the file is gone.
 */
export interface StreamViews {
  snapshot(): Promise<unknown>;
  session(): Promise<{ state: string; expiresAt: string }>;
  file(fileId: string): Promise<unknown | undefined>;
}

export interface OpenStreamOptions {
  req: IncomingMessage;
  res: ServerResponse;
  sessionId: string;
  views: StreamViews;
  /**
   * Session states after which this stream ends once it has said so (the phone's token, and a
   * desktop token, die with a revoked session; the phone's also with an expired one).
   */
  endsOn: readonly string[];
  /** The session's absolute expiry, so an `expired` event goes out without anyone publishing it. */
  expiresAt: string;
}

export interface EventStreams {
  /**
   * Serves one event stream: takes a place (429/503 thrown before any byte is written),
   * subscribes, and only then reads the snapshot, so no change between the two is lost.
   * Resolves once the stream is open; the response stays open until the client leaves, the
   * session ends (see `endsOn`), or the process shuts down.
   */
  open(options: OpenStreamOptions): Promise<void>;
}

export interface EventStreamDeps {
  bus: EventBus;
  registry: StreamRegistry;
  keepAliveMs: number;
  logger?: Logger;
  clock?: () => number;
}

/** The longest setTimeout Node accepts; later expiries are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createEventStreams(deps: EventStreamDeps): EventStreams {
  const { bus, registry, logger } = deps;
  const clock = deps.clock ?? Date.now;

  return {
    async open({ req, res, sessionId, views, endsOn, expiresAt }) {
      const writer = new SseWriter(res);
      const release = registry.admit({ sessionId, close: () => writer.close() });
      const queue: EventNotice[] = [];
      let unsubscribe: (() => void) | undefined;
      // Notices that arrive while the snapshot is read wait until it has been sent.
      let ready = false;
      try {
        unsubscribe = await bus.subscribe(sessionId, (notice) => {
          queue.push(notice);
          if (ready) void drain();
        });
      } catch (error) {
        release();
        logger?.warn('event stream could not subscribe', { cause: error });
        // The bus (Redis) is not answering: retryable, like any store failure, never a 500.
        throw new AppError('SERVICE_UNAVAILABLE', { retryAfterSeconds: 2 });
      }

      let snapshot: unknown;
      try {
        snapshot = await views.snapshot();
      } catch (error) {
        unsubscribe();
        release();
        throw error;
      }

      let lastSession = '';
      const timers: { keepAlive?: NodeJS.Timeout; expiry?: NodeJS.Timeout } = {};
      let busy = false;
      const cleanup = () => {
        clearInterval(timers.keepAlive);
        clearTimeout(timers.expiry);
        unsubscribe?.();
        release();
      };

      const sendSession = (view: { state: string; expiresAt: string }) => {
        const text = JSON.stringify(view);
        if (text === lastSession) return;
        lastSession = text;
        writer.send('session', view);
        if (endsOn.includes(view.state)) writer.close();
      };

      /** One notice at a time, in arrival order: a file's events cannot overtake each other. */
      async function drain(): Promise<void> {
        if (busy) return;
        busy = true;
        try {
          while (queue.length > 0 && !writer.closed) {
            const notice = queue.shift()!;
            try {
              await deliver(notice);
            } catch (error) {
              // A store blip loses one update, not the stream; the next notice or reconnect catches up.
              logger?.warn('event not delivered', { kind: notice.kind, cause: error });
            }
          }
        } finally {
          busy = false;
        }
      }

      async function deliver(notice: EventNotice): Promise<void> {
        if (notice.kind === 'resync') {
          const fresh = (await views.snapshot()) as { state?: string; expiresAt?: string };
          writer.send('snapshot', fresh);
          return;
        }
        if (notice.kind === 'session') {
          sendSession(await views.session());
          return;
        }
        const file = await views.file(notice.fileId);
        if (file === undefined) writer.send('file-deleted', { fileId: notice.fileId });
        else writer.send('file', file);
      }

      const armExpiry = () => {
        const wait = Date.parse(expiresAt) - clock();
        if (!Number.isFinite(wait)) return;
        timers.expiry = setTimeout(
          () => {
            if (Date.parse(expiresAt) > clock()) return armExpiry();
            queue.push({ kind: 'session', sessionId });
            if (ready) void drain();
          },
          Math.min(Math.max(wait, 0) + 50, MAX_TIMER_MS),
        );
      };

      res.once('close', cleanup);
      req.once('close', cleanup);
      writer.open();
      const first = snapshot as { state?: string; expiresAt?: string };
      if (typeof first.state === 'string') {
        lastSession = JSON.stringify({ state: first.state, expiresAt: first.expiresAt });
      }
      writer.send('snapshot', snapshot);
      timers.keepAlive = setInterval(() => writer.keepAlive(), deps.keepAliveMs);
      if (typeof first.state === 'string' && endsOn.includes(first.state)) {
        writer.close();
        return;
      }
      armExpiry();
      ready = true;
      void drain();
    },
  };
}
