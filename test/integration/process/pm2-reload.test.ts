import { execFile } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildGateway, removeBuild } from './support/build';
import { freePort, gatewayEnv, isLive, PROJECT_ROOT, waitUntil } from './support/process-tools';
import { streamRequests } from './support/request-stream';
import { openSse, type SseConnection } from '../../helpers/sse-client';

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

const API_KEY = gatewayEnv({}).GATEWAY_API_KEYS as string;

/** POST mobile/initiate on `agent`'s connection; resolves to the new session's id. */
function initiateOn(agent: http.Agent, encounterId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ encounterId, patientId: 'pat-1', facilityId: 'F2N060-E' });
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: 'POST',
        path: '/api/integrations/medtech/mobile/initiate',
        headers: { Authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve((JSON.parse(text) as { sessionId: string }).sessionId));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Opens `count` desktop event streams on the cluster. With the memory store a session lives in
 * the worker that created it, so each stream goes over the very keep-alive connection (hence
 * the same worker) that started its session.
 */
async function openStreams(count: number): Promise<SseConnection[]> {
  const open: SseConnection[] = [];
  for (let attempt = 0; open.length < count && attempt < 20; attempt++) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sessionId = await initiateOn(agent, `enc-reload-${attempt}`);
    const stream = await openSse(
      `http://127.0.0.1:${port}/api/integrations/medtech/mobile/sessions/${sessionId}/events`,
      { Authorization: `Bearer ${API_KEY}` },
      agent,
    );
    if (stream.status === 200) open.push(stream);
  }
  return open;
}

describe('PM2 cluster reload', () => {
  it('when the production profile starts, then two workers run in cluster mode', async () => {
    const running = await workers();

    expect(running).toHaveLength(2);
    expect(running.every((proc) => proc.pm2_env.status === 'online')).toBe(true);
    expect(running.every((proc) => proc.pm2_env.exec_mode === 'cluster_mode')).toBe(true);
  });

  it('when pm2 reload runs under a stream of requests, then no request fails and both workers are replaced', async () => {
    const pidsBefore = (await workers()).map((proc) => proc.pid);
    // Live status streams held open through the reload: they must not hold a worker's drain.
    const streams = await openStreams(3);
    expect(streams).toHaveLength(3);
    await Promise.all(streams.map((stream) => stream.next()));
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
    // Every stream was ended by its leaving worker (the browser then reconnects to a new one).
    expect(streams.map((stream) => stream.ended())).toEqual([true, true, true]);
    // Counts everything but the two re-sends an HTTP client (nginx) makes: see streamRequests.
    expect(result.failures).toEqual([]);
    expect(result.ok).toBeGreaterThan(50);
    expect(pidsAfter).toHaveLength(2);
    expect(pidsAfter.filter((pid) => pidsBefore.includes(pid))).toEqual([]);
  });
});
