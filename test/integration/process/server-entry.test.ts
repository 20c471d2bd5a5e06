import net from 'node:net';
import {
  exitWithin,
  freePort,
  gatewayEnv,
  isLive,
  PROJECT_ROOT,
  spawnChild,
  waitUntil,
  type Child,
} from './support/process-tools';

/** The real entry point, src/server.ts, as PM2 and Docker start it (here through tsx, no build). */
jest.setTimeout(60_000);

let child: Child | undefined;

afterEach(() => {
  if (child && child.process.exitCode === null) child.process.kill('SIGKILL');
  child = undefined;
});

function startServer(env: NodeJS.ProcessEnv): Child {
  child = spawnChild(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: PROJECT_ROOT, env });
  return child;
}

describe('src/server.ts', () => {
  it('when it receives SIGINT after start-up, then it exits 0', async () => {
    const port = await freePort();
    const running = startServer(gatewayEnv({ PORT: String(port) }));
    await waitUntil(() => isLive(port), 40_000, 'the gateway to answer /health/live');

    running.process.kill('SIGINT');
    const exit = await exitWithin(running, 10_000);

    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('when its port is already taken, then it exits 1 with a "cannot listen" line, never "gateway listening"', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const running = startServer(gatewayEnv({ PORT: String(port), HOST: '127.0.0.1' }));

      const exit = await exitWithin(running, 30_000);

      expect(exit).toEqual({ code: 1, signal: null });
      expect(running.stdout()).toContain('cannot listen');
      expect(running.stdout()).not.toContain('gateway listening');
    } finally {
      taken.close();
    }
  });

  it('when production config lacks credentials and secrets, then it exits 1 naming each variable but no value', async () => {
    const sentinel = 'short-sentinel-XYZ';
    const env = gatewayEnv({ NODE_ENV: 'production', MOBILE_TOKEN_SECRET: sentinel });
    delete env.GATEWAY_API_KEYS;
    const running = startServer(env);

    const exit = await exitWithin(running, 30_000);

    expect(exit).toEqual({ code: 1, signal: null });
    for (const name of [
      'MEDTECH_CLIENT_ID',
      'MEDTECH_CLIENT_SECRET',
      'MEDTECH_TENANT_ID',
      'MEDTECH_API_SCOPE',
      'GATEWAY_API_KEYS',
      'MOBILE_TOKEN_SECRET',
    ]) {
      expect(running.stderr()).toContain(name);
    }
    expect(running.stdout() + running.stderr()).not.toContain(sentinel);
  });

  it('when a variable has a value of the wrong type, then it exits 1 naming the variable but not the value', async () => {
    const sentinel = 'not-a-number-sentinel-QRS';
    const running = startServer(gatewayEnv({ RATE_LIMIT_PER_MINUTE: sentinel }));

    const exit = await exitWithin(running, 30_000);

    expect(exit).toEqual({ code: 1, signal: null });
    expect(running.stderr()).toContain('RATE_LIMIT_PER_MINUTE');
    expect(running.stdout() + running.stderr()).not.toContain(sentinel);
  });
});
