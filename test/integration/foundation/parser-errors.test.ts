import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { handleClientError, installClientErrorHandler } from '../../../src/middleware/client-error';
import { startGatewayWithEmulator, type GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { TEST_API_KEY } from '../../helpers/test-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Every status line seen on the connection: a second one would mean two answers were mixed. */
  statusLines: string[];
}

/** Sends bytes on a fresh TCP connection and reads until the server closes it. */
function rawRequest(url: string, bytes: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes, 'latin1'));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('the server did not close the connection')));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: rest.join('\r\n\r\n'),
        statusLines: text.match(/HTTP\/1\.1 \d{3}/g) ?? [],
      });
    });
  });
}

const auth = `Authorization: Bearer ${TEST_API_KEY}\r\n`;
const CASES: Array<[kind: string, status: number, code: string, bytes: string]> = [
  [
    'headers over 16 KB',
    431,
    'HEADERS_TOO_LARGE',
    `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
  ],
  ['a bad request line', 400, 'VALIDATION_FAILED', 'THIS IS NOT HTTP\r\n\r\n'],
  ['a space before a colon', 400, 'VALIDATION_FAILED', 'GET /health/live HTTP/1.1\r\nHost : x\r\n\r\n'],
  ['a bare LF', 400, 'VALIDATION_FAILED', 'GET /health/live HTTP/1.1\r\nHost: x\nAccept: */*\r\n\r\n'],
  [
    'a bad chunk size',
    400,
    'VALIDATION_FAILED',
    `POST /api/integrations/medtech/mobile/initiate HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
  ],
  [
    'an invalid character in a header value',
    400,
    'VALIDATION_FAILED',
    'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Odd: a\x01b\r\n\r\n',
  ],
  ['a bad method', 400, 'VALIDATION_FAILED', 'G@T /health/live HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['a bad HTTP version', 400, 'VALIDATION_FAILED', 'GET /health/live HTTP/9.9\r\nHost: x\r\n\r\n'],
];

describe("requests Node's HTTP parser refuses get the error envelope", () => {
  let harness: GatewayWithEmulator;
  let url: string;

  beforeAll(async () => {
    harness = await startGatewayWithEmulator();
    url = await harness.listen();
  });

  afterAll(() => harness.close());

  it('when a well-formed request arrives on a raw socket, then it is answered normally (the raw client works)', async () => {
    const answer = await rawRequest(url, 'GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');

    expect(answer.status).toBe(200);
  });

  it.each(CASES)(
    'when the request has %s, then the answer is a complete %i %s envelope with a fresh correlation id, security headers and Connection: close',
    async (_kind, status, code, bytes) => {
      const answer = await rawRequest(url, bytes);

      expect(answer.status).toBe(status);
      expect(answer.statusLines).toHaveLength(1);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
      expect(answer.headers.connection).toBe('close');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['cache-control']).toBe('no-store');
      // Not production: HSTS is left to the production handler (below), as helmet's config says.
      expect(answer.headers).not.toHaveProperty('strict-transport-security');
      const envelope = JSON.parse(answer.body);
      expect(envelope.error).toMatchObject({ code, retryable: false });
      expect(envelope.error.message).toEqual(expect.any(String));
      expect(envelope.error.correlationId).toMatch(UUID);
      expect(answer.headers['x-correlation-id']).toBe(envelope.error.correlationId);
      expect(envelope.error.details).toEqual([{ problem: expect.any(String) }]);
    },
  );

  it('when a keep-alive connection has served a request, then a malformed second request still gets the envelope', async () => {
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk) => received.push(chunk));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => socket.once('data', resolve));
    socket.write('THIS IS NOT HTTP\r\n\r\n');
    await new Promise((resolve) => socket.once('close', resolve));

    const text = Buffer.concat(received).toString('utf8');
    expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 400']);
    expect(text).toContain('"code":"VALIDATION_FAILED"');
  });

  it('when two parser errors happen, then each gets its own correlation id', async () => {
    const [first, second] = await Promise.all([
      rawRequest(url, 'THIS IS NOT HTTP\r\n\r\n'),
      rawRequest(url, 'THIS IS NOT HTTP\r\n\r\n'),
    ]);

    expect(first.headers['x-correlation-id']).not.toBe(second.headers['x-correlation-id']);
  });

  it('when a parser error is logged, then only its code is, never the bytes that were sent', async () => {
    await rawRequest(
      url,
      `GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer secret-in-header\r\nX-Odd: a\x01b\r\n\r\n`,
    );

    const lines = harness.logs
      .lines()
      .filter((line) => line.message === 'request refused by the HTTP parser');
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(harness.logs.lines())).not.toContain('secret-in-header');
  });
});

describe('the clientError handler on a plain server', () => {
  let server: Server;
  let url: string;

  const start = async (production: boolean, answerAtOnce: boolean) => {
    server = createServer((req, res) => {
      // A route that answers before reading the body, as an auth refusal does.
      if (answerAtOnce) res.end('early answer');
      else req.on('end', () => res.end('ok')).resume();
    });
    installClientErrorHandler(server, { production });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('when the gateway runs in production, then the answer carries HSTS as helmet would', async () => {
    await start(true, false);

    const answer = await rawRequest(url, 'THIS IS NOT HTTP\r\n\r\n');

    expect(answer.status).toBe(400);
    expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('when a response has already been written on the socket, then no second answer is mixed into it', async () => {
    await start(false, true);

    const answer = await rawRequest(
      url,
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
    );

    expect(answer.status).toBe(200);
    expect(answer.statusLines).toEqual(['HTTP/1.1 200']);
    expect(answer.body).not.toContain('"error"');
  });

  it('when the peer has reset the connection (ECONNRESET or EPIPE), then nothing is written and the socket is destroyed', async () => {
    await start(false, false);
    const { port } = new URL(url);
    for (const code of ['ECONNRESET', 'EPIPE']) {
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      const writes: unknown[] = [];
      socket.write = ((chunk: unknown) => writes.push(chunk) > 0) as typeof socket.write;
      socket.end = ((chunk: unknown) => {
        writes.push(chunk);
        return socket;
      }) as typeof socket.end;

      handleClientError(Object.assign(new Error('reset'), { code }), socket, { production: false });

      expect(writes).toEqual([]);
      expect(socket.destroyed).toBe(true);
    }
  });

  it('when the socket is already ended for writing, then nothing more is written', async () => {
    await start(false, false);
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.end();
    const writes: unknown[] = [];
    socket.write = ((chunk: unknown) => writes.push(chunk) > 0) as typeof socket.write;

    handleClientError(Object.assign(new Error('bad'), { code: 'HPE_INVALID_METHOD' }), socket, {
      production: false,
    });

    expect(writes).toEqual([]);
    expect(socket.destroyed).toBe(true);
  });
});
