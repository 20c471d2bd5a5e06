import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import {
  exitWithin,
  gatewayEnv,
  PROJECT_ROOT,
  spawnChild,
  waitUntil,
  type Child,
} from './support/process-tools';
import { startPartialRequest } from './support/raw-http';

/**
 * SIGTERM (PM2 reload, docker stop) on a process running the real app and lifecycle: requests in
 * flight finish, new ones are turned away with 503 + `Connection: close`, and the process exits 0
 * well inside PM2's kill_timeout.
 */
jest.setTimeout(60_000);

const FIXTURE = path.join(__dirname, 'fixtures', 'slow-server.ts');
const SLOW_MS = 1500;

let child: Child | undefined;

afterEach(() => {
  if (child && child.process.exitCode === null) child.process.kill('SIGKILL');
  child = undefined;
});

function logLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const linesWith = (running: Child, message: string) =>
  logLines(running.stdout()).filter((line) => line.message === message);

async function startFixture(): Promise<{ running: Child; port: number }> {
  const running = spawnChild(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: PROJECT_ROOT,
    env: gatewayEnv({ LOG_LEVEL: 'info' }),
  });
  child = running;
  await waitUntil(() => linesWith(running, 'fixture listening').length > 0, 30_000, 'the fixture to listen');
  return { running, port: linesWith(running, 'fixture listening')[0].port as number };
}

function get(port: number, agent: http.Agent, urlPath: string) {
  return new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }),
        );
      })
      .on('error', reject);
  });
}

describe('graceful shutdown', () => {
  it('when SIGTERM arrives with requests in flight, then they finish, a new request gets 503 and the process exits 0', async () => {
    const { running, port } = await startFixture();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 3 });
    const inFlight = [1, 2, 3].map(() => get(port, agent, `/slow?ms=${SLOW_MS}`));
    await waitUntil(
      () => linesWith(running, 'slow request started').length === 3,
      10_000,
      'three slow requests',
    );
    const lateRequest = await startPartialRequest(port, '/health/live');

    running.process.kill('SIGTERM');
    await waitUntil(() => linesWith(running, 'shutting down').length > 0, 5000, 'the shutdown to start');
    const late = await lateRequest.finish();
    const refused = await fetch(`http://127.0.0.1:${port}/health/live`).then(
      (response) => `HTTP ${response.status}`,
      () => 'refused',
    );
    const slowResults = await Promise.all(inFlight);
    const exit = await exitWithin(running, 9000);
    agent.destroy();

    expect(slowResults.map((result) => [result.status, result.body])).toEqual([
      [200, '{"slow":true}'],
      [200, '{"slow":true}'],
      [200, '{"slow":true}'],
    ]);
    // The answers still being prepared end their connection, so keep-alive clients go elsewhere.
    expect(slowResults.map((result) => result.connection)).toEqual(['close', 'close', 'close']);
    expect(late.status).toBe(503);
    expect(late.headers.connection).toBe('close');
    expect(late.headers['retry-after']).toBe('1');
    expect(late.closedByServer).toBe(true);
    const envelope = JSON.parse(late.body) as {
      error: { code: string; retryable: boolean; correlationId: string };
    };
    expect(envelope.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(envelope.error.correlationId).toBe(late.headers['x-correlation-id']);
    // Once the listener is closed a new connection is refused; a 503 is acceptable too.
    expect(['refused', 'HTTP 503']).toContain(refused);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(linesWith(running, 'stopped')).toHaveLength(1);
  });

  it('when a connection opened just before SIGTERM sends its request a moment later, then it gets the 503, not a reset', async () => {
    const { running, port } = await startFixture();
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    let raw = '';
    let reset = false;
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    socket.on('error', () => (reset = true));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // Let the server register the connection before the signal, as PM2's primary would hand it over.
    await new Promise((resolve) => setTimeout(resolve, 100));

    running.process.kill('SIGTERM');
    await waitUntil(() => linesWith(running, 'shutting down').length > 0, 5000, 'the shutdown to start');
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await ended;
    const exit = await exitWithin(running, 9000);

    expect(reset).toBe(false);
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 503 Service Unavailable');
    expect(raw).toContain('"code":"SERVICE_UNAVAILABLE"');
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('when a connection never sends a request, then it does not hold the shutdown until the drain timeout', async () => {
    const { running, port } = await startFixture();
    const silent = net.connect(port, '127.0.0.1');
    silent.on('error', () => undefined);
    await new Promise<void>((resolve) => silent.once('connect', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 100));

    running.process.kill('SIGTERM');
    // The drain timeout is 8 s; a silent connection is closed after a 1 s grace instead.
    const exit = await exitWithin(running, 4000);
    silent.destroy();

    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('when SIGINT arrives on an idle process, then it exits 0', async () => {
    const { running } = await startFixture();

    running.process.kill('SIGINT');
    const exit = await exitWithin(running, 5000);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(linesWith(running, 'shutting down')[0]).toMatchObject({ signal: 'SIGINT' });
  });
});
