import { AppError } from '../../errors';

/** At most this many streams of one session in one process (GATEWAY-API.md, "Events"). */
export const STREAMS_PER_SESSION = 5;

/** One open stream, as the registry knows it: closing it ends the HTTP response. */
export interface OpenStream {
  sessionId: string;
  close(): void;
}

export interface StreamRegistry {
  /**
   * Takes a place for a new stream of `sessionId`, or throws: 503 SERVICE_UNAVAILABLE while
   * draining or at EVENTS_MAX_STREAMS, 429 TOO_MANY_STREAMS at the session's limit. Call the
   * returned function exactly once when the stream ends.
   */
  admit(stream: OpenStream): () => void;
  /** Streams open in this process (the `event_streams_open` gauge reads it). */
  openCount(): number;
  /** Ends every stream at once: on shutdown, so streams never hold the drain. */
  closeAll(): void;
}

export interface StreamRegistryOptions {
  maxStreams: number;
  perSession?: number;
  /** True once the process is draining; new streams are then refused. */
  draining: () => boolean;
}

/** Counts this process's open streams, per session and in total, and closes them on shutdown. */
export function createStreamRegistry(options: StreamRegistryOptions): StreamRegistry {
  const perSession = options.perSession ?? STREAMS_PER_SESSION;
  const open = new Set<OpenStream>();
  const bySession = new Map<string, number>();
  let closing = false;

  return {
    admit(stream) {
      if (closing || options.draining() || open.size >= options.maxStreams) {
        throw new AppError('SERVICE_UNAVAILABLE', { retryAfterSeconds: 2 });
      }
      const count = bySession.get(stream.sessionId) ?? 0;
      if (count >= perSession) throw new AppError('TOO_MANY_STREAMS', { retryAfterSeconds: 5 });
      open.add(stream);
      bySession.set(stream.sessionId, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open.delete(stream);
        const left = (bySession.get(stream.sessionId) ?? 1) - 1;
        if (left > 0) bySession.set(stream.sessionId, left);
        else bySession.delete(stream.sessionId);
      };
    },
    openCount: () => open.size,
    closeAll() {
      closing = true;
      for (const stream of [...open]) stream.close();
    },
  };
}
