import http from 'node:http';

/** One server-sent event as a client parses it. */
export interface SseEvent {
  id?: string;
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the gateway, checked by the tests
  data: any;
}

/** A live connection to an event stream, read over a real socket. */
export interface SseConnection {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body of a refused stream (the error envelope). */
  errorBody?: string;
  events: SseEvent[];
  /** Raw text received so far (comments and `retry` included). */
  raw(): string;
  /** Resolves with the first event after those already consumed that matches, or rejects after `timeoutMs`. */
  next(match?: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** True once the server ended the stream. */
  ended(): boolean;
  whenEnded(): Promise<void>;
  close(): void;
}

function parseBlock(block: string): SseEvent | undefined {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  return { id, event, data: JSON.parse(data.join('\n')) };
}

/** Opens `url` as an event stream (what EventSource does), with optional headers. */
export function openSse(
  url: string,
  headers: Record<string, string> = {},
  agent?: http.Agent,
): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      { agent, headers: { Accept: 'text/event-stream', ...headers } },
      (response) => {
        let text = '';
        let buffer = '';
        let consumed = 0;
        let ended = false;
        const events: SseEvent[] = [];
        const waiters = new Set<() => void>();
        const endWaiters: Array<() => void> = [];
        const wake = () => waiters.forEach((waiter) => waiter());
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          buffer += chunk;
          let boundary: number;
          while ((boundary = buffer.indexOf('\n\n')) !== -1) {
            const parsed = parseBlock(buffer.slice(0, boundary));
            buffer = buffer.slice(boundary + 2);
            if (parsed) events.push(parsed);
          }
          wake();
        });
        const finish = () => {
          ended = true;
          endWaiters.splice(0).forEach((done) => done());
          wake();
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
        const connection: SseConnection = {
          status: response.statusCode ?? 0,
          headers: response.headers,
          events,
          raw: () => text,
          next(match = () => true, timeoutMs = 5000) {
            return new Promise((resolveEvent, rejectEvent) => {
              const check = () => {
                while (consumed < events.length) {
                  const candidate = events[consumed++];
                  if (match(candidate)) {
                    cleanup();
                    resolveEvent(candidate);
                    return;
                  }
                }
                if (ended) {
                  cleanup();
                  rejectEvent(
                    new Error(`the stream ended; events seen: ${JSON.stringify(events.map((e) => e.event))}`),
                  );
                }
              };
              const timer = setTimeout(() => {
                cleanup();
                rejectEvent(
                  new Error(
                    `no matching event in ${timeoutMs} ms; seen: ${JSON.stringify(events.map((e) => [e.event, e.data?.status ?? e.data?.state]))}`,
                  ),
                );
              }, timeoutMs);
              const cleanup = () => {
                clearTimeout(timer);
                waiters.delete(check);
              };
              waiters.add(check);
              check();
            });
          },
          ended: () => ended,
          whenEnded: () => (ended ? Promise.resolve() : new Promise((done) => endWaiters.push(done))),
          close: () => request.destroy(),
        };
        if (response.statusCode !== 200) {
          let body = '';
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ ...connection, errorBody: body }));
          return;
        }
        resolve(connection);
      },
    );
    request.on('error', reject);
  });
}
