import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildGateway, removeBuild } from './support/build';
import { freePort, gatewayEnv, isLive, PROJECT_ROOT, waitUntil } from './support/process-tools';
import { streamRequests } from './support/request-stream';

/**
 * The real PM2 (the dev dependency) running the real ecosystem.config.js production profile
 * (cluster mode, two workers) on the compiled gateway: `pm2 reload` under a stream of requests
 * must not fail a single one. PM2_HOME is a temp folder, so a developer's own PM2 is untouched.
 */
jest.setTimeout(120_000);

const execFileAsync = promisify(execFile);
const PM2_BIN = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'pm2');
const APP_NAME = 'clinicpro-gateway-reload-test';

let workDir: string;
let buildDir: string | undefined;
let port: number;

function pm2(...args: string[]) {
  return execFileAsync(PM2_BIN, args, {
    cwd: workDir,
    timeout: 90_000,
    // Only what PM2 needs: PM2 copies its own environment into the apps it starts.
    env: {
      PATH: process.env.PATH,
      HOME: workDir,
      PM2_HOME: path.join(workDir, 'pm2-home'),
      PM2_PROFILE: 'production',
    },
  });
}

interface Pm2Process {
  name: string;
  pid: number;
  pm2_env: { status: string; exec_mode: string };
}

async function workers(): Promise<Pm2Process[]> {
  const { stdout } = await pm2('jlist');
  // jlist prints the JSON list on its own line; PM2 may print notices before it.
  const json = stdout.slice(stdout.indexOf('['));
  return (JSON.parse(json) as Pm2Process[]).filter((proc) => proc.name === APP_NAME);
}

/** A process file that takes the real app definition and only changes where and with what env it runs. */
function writeTestProcessFile(): string {
  const file = path.join(workDir, 'reload-test.config.js');
  const env = gatewayEnv({ PORT: String(port) });
  delete env.PATH;
  delete env.HOME;
  writeFileSync(
    file,
    `const base = require(${JSON.stringify(path.join(PROJECT_ROOT, 'ecosystem.config.js'))}).apps[0];
module.exports = { apps: [{
  ...base,
  name: ${JSON.stringify(APP_NAME)},
  cwd: ${JSON.stringify(buildDir)},
  out_file: ${JSON.stringify(path.join(workDir, 'out.log'))},
  error_file: ${JSON.stringify(path.join(workDir, 'err.log'))},
  env: ${JSON.stringify(env)},
  env_production: undefined,
}] };
`,
  );
  return file;
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-pm2-'));
  buildDir = await buildGateway('pm2-reload');
  port = await freePort();
  await pm2('start', writeTestProcessFile());
  await waitUntil(() => isLive(port), 30_000, 'the gateway under PM2 to answer /health/live');
});

afterAll(async () => {
  if (workDir) {
    await pm2('kill').catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }
  removeBuild(buildDir);
});

describe('PM2 cluster reload', () => {
  it('when the production profile starts, then two workers run in cluster mode', async () => {
    const running = await workers();

    expect(running).toHaveLength(2);
    expect(running.every((proc) => proc.pm2_env.status === 'online')).toBe(true);
    expect(running.every((proc) => proc.pm2_env.exec_mode === 'cluster_mode')).toBe(true);
  });

  it('when pm2 reload runs under a stream of requests, then no request fails and both workers are replaced', async () => {
    const pidsBefore = (await workers()).map((proc) => proc.pid);
    let reloading = true;
    const stream = streamRequests({
      port,
      path: '/health/live',
      keepAliveLoops: 4,
      freshConnectionLoops: 2,
      stop: () => !reloading,
    });

    // Let the stream run on the old workers first, then reload, then keep going on the new ones.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await pm2('reload', APP_NAME);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    reloading = false;
    const result = await stream;

    const pidsAfter = (await workers()).map((proc) => proc.pid);
    // Counts everything but the two re-sends an HTTP client (nginx) makes: see streamRequests.
    expect(result.failures).toEqual([]);
    expect(result.ok).toBeGreaterThan(50);
    expect(pidsAfter).toHaveLength(2);
    expect(pidsAfter.filter((pid) => pidsBefore.includes(pid))).toEqual([]);
  });
});
