import net from 'node:net';

/** A response read off a raw socket. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True when the server closed the connection after answering. */
  closedByServer: boolean;
}

function parse(raw: string, closedByServer: boolean): RawResponse {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n'), closedByServer };
}

/**
 * Opens a connection and sends the first line of a GET, without the blank line that ends the
 * headers. To Node the connection is then busy, not idle, so a shutdown that closes idle
 * connections leaves it open: `finish()` sends the rest and reads the answer, which lets a test
 * send a new request on an existing connection while the server drains.
 */
export async function startPartialRequest(port: number, path: string) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let raw = '';
  let closedByServer = false;
  socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
  const ended = new Promise<void>((resolve) => {
    socket.once('end', () => {
      closedByServer = true;
      resolve();
    });
    socket.once('close', () => resolve());
  });
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n`);

  return {
    /** Completes the request; resolves once the server has answered and closed, or after 5 s. */
    async finish(): Promise<RawResponse> {
      socket.write('\r\n');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
      clearTimeout(timer);
      socket.destroy();
      return parse(raw, closedByServer);
    },
    destroy: () => socket.destroy(),
  };
}
