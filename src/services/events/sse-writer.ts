import type { ServerResponse } from 'node:http';

/** What the browser waits before reconnecting after the stream drops (GATEWAY-API.md). */
export const RETRY_MS = 2000;
/** A client this far behind is not reading: the stream is closed rather than buffered forever. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Writes the text/event-stream wire format on a Node response: numbered events (ids increase
 * per connection, starting at 1), `: keep-alive` comments, and `retry` first. Hand-written rather
 * than better-sse's Session, whose keep-alive is an empty comment and whose ids are random
 * UUIDs; the format itself is a few lines (WHATWG HTML, "Server-sent events").
 */
export class SseWriter {
  private nextId = 1;

  constructor(private readonly res: ServerResponse) {}

  /** Sends the status line and headers, and `retry`; CORS headers set earlier are kept. */
  open(): void {
    this.res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
      // Nothing can follow an event stream on its connection: a client must not try to reuse it.
      Connection: 'close',
    });
    this.res.flushHeaders();
    this.raw(`retry: ${RETRY_MS}\n\n`);
  }

  /** One event; `data` is JSON on one line, so it needs no further escaping. */
  send(event: string, data: unknown): void {
    this.raw(`id: ${this.nextId++}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  keepAlive(): void {
    this.raw(': keep-alive\n\n');
  }

  get closed(): boolean {
    return this.res.writableEnded || this.res.destroyed;
  }

  /** Ends the response and its connection: nothing else can ride an event-stream connection. */
  close(): void {
    if (this.closed) return;
    this.res.end();
    this.res.socket?.end();
  }

  private raw(text: string): void {
    if (this.closed) return;
    this.res.write(text);
    if (this.res.writableLength > MAX_BUFFERED_BYTES) this.res.destroy();
  }
}
