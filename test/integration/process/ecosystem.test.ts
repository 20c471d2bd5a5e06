import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DRAIN_TIMEOUT_MS } from '../../../src/lifecycle';
import { PROJECT_ROOT } from './support/process-tools';

/** ecosystem.config.js: its two profiles, its PM2 timings, and how it reads the VM's layout. */
interface App {
  name: string;
  cwd: string;
  script: string;
  exec_mode: string;
  instances: number;
  wait_ready: boolean;
  listen_timeout: number;
  kill_timeout: number;
  exp_backoff_restart_delay: number;
  max_memory_restart: string;
  time: boolean;
  merge_logs: boolean;
  out_file: string;
  error_file: string;
  env: Record<string, string>;
  env_production: Record<string, string>;
}

/** Loads a process file the way PM2 does (a fresh require) with PM2_PROFILE set or not. */
function loadApp(file: string, profile: string | undefined): App {
  const saved = process.env.PM2_PROFILE;
  if (profile === undefined) delete process.env.PM2_PROFILE;
  else process.env.PM2_PROFILE = profile;
  try {
    let app: App | undefined;
    jest.isolateModules(() => {
      app = jest.requireActual<{ apps: App[] }>(file).apps[0];
    });
    return app as App;
  } finally {
    if (saved === undefined) delete process.env.PM2_PROFILE;
    else process.env.PM2_PROFILE = saved;
  }
}

const FILE = path.join(PROJECT_ROOT, 'ecosystem.config.js');

describe('ecosystem.config.js', () => {
  it('when no profile is chosen, then one fork-mode process runs with the memory store', () => {
    const app = loadApp(FILE, undefined);

    expect(app).toMatchObject({
      exec_mode: 'fork',
      instances: 1,
      script: 'dist/server.js',
      cwd: PROJECT_ROOT,
    });
    expect(app.env).toEqual({ NODE_ENV: 'development', STORE: 'memory' });
    expect(app.env_production).toMatchObject({ NODE_ENV: 'production', STORE: 'redis' });
  });

  it('when PM2_PROFILE=production, then two cluster workers run with Redis even without --env production', () => {
    const app = loadApp(FILE, 'production');

    expect(app).toMatchObject({ exec_mode: 'cluster', instances: 2 });
    expect(app.env).toMatchObject({ NODE_ENV: 'production', STORE: 'redis' });
    expect(app.env_production).toEqual(app.env);
  });

  it.each([
    ['default', undefined],
    ['production', 'production'],
  ])(
    'when the profile is %s, then PM2 waits for ready and gives the drain time to finish',
    (_name, profile) => {
      const app = loadApp(FILE, profile);

      expect(app.wait_ready).toBe(true);
      expect(app.listen_timeout).toBeGreaterThanOrEqual(10_000);
      expect(app.kill_timeout).toBeGreaterThanOrEqual(10_000);
      expect(app.kill_timeout).toBeGreaterThan(DRAIN_TIMEOUT_MS);
      expect(app.exp_backoff_restart_delay).toBeGreaterThan(0);
      expect(app.max_memory_restart).toMatch(/^\d+M$/);
      expect(app).toMatchObject({ time: false, merge_logs: true });
      expect(app.out_file).toBe(path.join(PROJECT_ROOT, 'logs', 'gateway.out.log'));
      expect(app.error_file).toBe(path.join(PROJECT_ROOT, 'logs', 'gateway.err.log'));
    },
  );

  describe('in the VM layout (releases/<stamp>, shared/.env)', () => {
    // Inside the project, so the copied file finds dotenv in node_modules as it does on the VM.
    const vmRoot = path.join(PROJECT_ROOT, 'test-output', `ecosystem-${process.pid}`, 'opt');
    const copied = path.join(vmRoot, 'releases', '20260101-000000', 'ecosystem.config.js');

    beforeAll(() => {
      mkdirSync(path.dirname(copied), { recursive: true });
      mkdirSync(path.join(vmRoot, 'shared'));
      copyFileSync(FILE, copied);
      writeFileSync(
        path.join(vmRoot, 'shared', '.env'),
        'MEDTECH_CLIENT_ID=client-from-env-file\nSTORE=memory\nNODE_ENV=development\nPORT=3100\n',
      );
    });

    afterAll(() => rmSync(path.dirname(vmRoot), { recursive: true, force: true }));

    it('when PM2 loads it, then it runs through `current`, logs to shared/logs and passes the .env on', () => {
      const app = loadApp(copied, 'production');

      expect(app.cwd).toBe(path.join(vmRoot, 'current'));
      expect(app.out_file).toBe(path.join(vmRoot, 'shared', 'logs', 'gateway.out.log'));
      expect(app.error_file).toBe(path.join(vmRoot, 'shared', 'logs', 'gateway.err.log'));
      expect(app.env).toMatchObject({ MEDTECH_CLIENT_ID: 'client-from-env-file', PORT: '3100' });
    });

    it('when the .env asks for the memory store or development, then the production profile still uses Redis and production', () => {
      const app = loadApp(copied, 'production');

      expect(app.env).toMatchObject({ STORE: 'redis', NODE_ENV: 'production' });
    });
  });
});
