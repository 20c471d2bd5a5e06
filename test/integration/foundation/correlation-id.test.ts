import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { expectEnvelope, foundationApp, settle, UUID_V4 } from './helpers/foundation-app';

const INBOUND = '3f2b8c1e-9d4a-4e6f-8b2c-7a1d5e9f0c3b';

/** Sends bytes no HTTP client would send and returns whatever the server answers. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
  });
}

function appWithLoggingRoutes() {
  return foundationApp({
    routes: (router, { logger }) => {
      router.get('/log-later', async (_req, res) => {
        await sleep(5);
        logger.info('after an await');
        setTimeout(() => {
          logger.info('inside a timer');
          res.json({ ok: true });
        }, 5);
      });
      router.post('/log-body', async (req, res) => {
        await sleep(1);
        logger.info('after parsing a body', { keys: Object.keys(req.body as object) });
        res.json({ ok: true });
      });
      router.get('/fail', () => {
        throw new Error('unexpected');
      });
    },
  });
}

describe('correlation ids', () => {
  it('when the inbound X-Correlation-Id is a UUID, then it is kept and echoed', async () => {
    const { app } = foundationApp();

    const response = await request(app).get('/api/ping').set('X-Correlation-Id', INBOUND);

    expect(response.status).toBe(200);
    expect(response.headers['x-correlation-id']).toBe(INBOUND);
  });

  it.each([
    ['a hand-written test id (variant bits 0)', '11111111-1111-1111-1111-111111111111'],
    ['a version-0 id from another tracing system', '4bf92f35-77b3-0da6-a3ce-929d0e0e4736'],
  ])('when the inbound id is %s in UUID form, then it is kept and echoed', async (_kind, inbound) => {
    const { app } = foundationApp();

    const response = await request(app).get('/api/ping').set('X-Correlation-Id', inbound);

    expect(response.headers['x-correlation-id']).toBe(inbound);
  });

  it('when the inbound UUID is upper case, then the same id is echoed in lower case', async () => {
    const { app } = foundationApp();

    const response = await request(app).get('/api/ping').set('X-Correlation-Id', INBOUND.toUpperCase());

    expect(response.headers['x-correlation-id']).toBe(INBOUND);
  });

  it.each([
    ['a short word', 'abc'],
    ['a 300-character string', 'a'.repeat(300)],
    ['a UUID with text around it', `${INBOUND} or 1=1`],
    ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
    ['log-injection text', 'x\\r\\ny {"level":"error"}'],
  ])('when the inbound id is %s, then it is replaced by a new UUID v4', async (_kind, inbound) => {
    const { app, logs } = foundationApp();

    const response = await request(app).get('/api/ping').set('X-Correlation-Id', inbound);
    await settle();

    const id = response.headers['x-correlation-id'];
    expect(id).toMatch(UUID_V4);
    expect(id).not.toBe(inbound);
    expect(logs.text()).not.toContain(inbound);
  });

  it('when a raw CR inside the header reaches the server, then it never becomes the id', async () => {
    const { app, logs } = foundationApp();
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;

    const reply = await rawRequest(
      port,
      'GET /api/ping HTTP/1.1\r\nHost: x\r\nX-Correlation-Id: x\ry\r\n\r\n',
    );
    server.close();

    const statusLine = reply.split('\r\n')[0];
    const echoed = /x-correlation-id: (.*)\r\n/i.exec(reply)?.[1];
    expect(statusLine === 'HTTP/1.1 400 Bad Request' || UUID_V4.test(echoed ?? '')).toBe(true);
    expect(logs.text()).not.toMatch(/x\\ry|x\ry/);
  });

  it('when no id is sent, then each request gets its own new UUID v4', async () => {
    const { app } = foundationApp();

    const first = await request(app).get('/api/ping');
    const second = await request(app).get('/api/ping');

    expect(first.headers['x-correlation-id']).toMatch(UUID_V4);
    expect(second.headers['x-correlation-id']).toMatch(UUID_V4);
    expect(first.headers['x-correlation-id']).not.toBe(second.headers['x-correlation-id']);
  });

  it.each([
    ['a 200', '/api/ping', 200],
    ['a 404', '/api/no-such-route', 404],
    ['a 500', '/api/fail', 500],
    ['a health check', '/health/live', 200],
  ])('when the answer is %s, then the header echoes the inbound id', async (_kind, path, status) => {
    const { app } = appWithLoggingRoutes();

    const response = await request(app).get(path).set('X-Correlation-Id', INBOUND);

    expect(response.status).toBe(status);
    expect(response.headers['x-correlation-id']).toBe(INBOUND);
  });

  it('when the answer is an error, then the body carries the same id as the header', async () => {
    const { app } = appWithLoggingRoutes();

    const notFound = await request(app).get('/api/no-such-route');
    const failed = await request(app).get('/api/fail');

    expect(expectEnvelope(notFound.body, 'NOT_FOUND').correlationId).toBe(
      notFound.headers['x-correlation-id'],
    );
    expect(expectEnvelope(failed.body, 'INTERNAL').correlationId).toBe(failed.headers['x-correlation-id']);
  });

  it('when a handler logs after an await and inside a timer, then every line carries the request id', async () => {
    const { app, logs } = appWithLoggingRoutes();

    await request(app).get('/api/log-later').set('X-Correlation-Id', INBOUND);
    await settle();

    const lines = logs.lines();
    const messages = lines.map((line) => line.message);
    expect(messages).toEqual(expect.arrayContaining(['after an await', 'inside a timer', 'request']));
    expect(lines.every((line) => line.correlationId === INBOUND)).toBe(true);
  });

  it('when a handler logs after the JSON body was parsed, then the line carries the request id', async () => {
    const { app, logs } = appWithLoggingRoutes();

    await request(app).post('/api/log-body').set('X-Correlation-Id', INBOUND).send({ a: 1 });

    expect(logs.lines().find((line) => line.message === 'after parsing a body')?.correlationId).toBe(INBOUND);
  });

  it('when two requests interleave, then each log line carries its own request id', async () => {
    const { app, logs } = appWithLoggingRoutes();
    const other = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

    await Promise.all([
      request(app).get('/api/log-later').set('X-Correlation-Id', INBOUND),
      request(app).get('/api/log-later').set('X-Correlation-Id', other),
    ]);
    await settle();

    const ids = logs
      .lines()
      .filter((line) => line.message === 'inside a timer')
      .map((line) => line.correlationId)
      .sort();
    expect(ids).toEqual([INBOUND, other].sort());
  });
});
