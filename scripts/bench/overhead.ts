/**
 * `npm run bench:overhead` (QUALITY.md, "Speed and memory"): the gateway's overhead on a proxied
 * call. Builds dist/, starts the ALEX emulator and the gateway as two separate node processes
 * from the compiled JavaScript, as they run in reality (the gateway in live mode, pointed at the
 * emulator only by MEDTECH_TOKEN_URL and MEDTECH_API_BASE_URL), then runs autocannon from this
 * process with 50 connections against the emulator's Patient search directly and against
 * `GET /api/medtech/test` through the gateway, and prints both latency tables, the added p50/p99
 * and how many token requests the emulator saw. Absolute times are indicative (shared machine);
 * the difference between the two runs is the figure that matters.
 *
 * Default: 50 clients in a closed loop against an emulator that takes 100 ms per FHIR call (real
 * ALEX takes 1-2 s), so the difference is what the gateway adds to each call. With `--latency 0`
 * the emulator answers at once and a closed loop measures CPU throughput on this two-core machine
 * (three processes share it), not added latency; `--rate N` paces both runs at N requests/s.
 *
 * CPU per request (QUALITY.md, second wave: at most 1.25x a bare Express + fetch proxy) is read
 * from /proc for each serving process. On a shared VM a process's CPU per request drifts by
 * +-20 % from one 10 s run to the next, so bare proxy and gateway are measured in `--rounds`
 * alternating rounds (bare first, then gateway first, ...) and the ratio is the ratio of their
 * medians; each round's own ratio is printed too. The gateway logs at `--log-level` (default
 * `info`, production's level: two JSON lines per request, written to /dev/null here).
 *
 * Usage: tsx scripts/bench/overhead.ts [--duration 10] [--connections 50] [--latency 100] [--rate 0]
 *        [--rounds 3] [--log-level info]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { EMULATOR_CREDENTIALS } from '../../src/emulator/credentials';
import { median } from './corpus';
import { freePort, numberArg, stringArg } from './bench-tools';

const ROOT = path.join(__dirname, '..', '..');
const NHI_SYSTEM = 'https://standards.digital.health.nz/ns/nhi-id';
const FACILITY = 'F2N060-E';
const NHI = 'ZZZ0016';
const API_KEY = 'bench-api-key-0000000000000000000000001';
const DURATION = numberArg('duration', 10);
const CONNECTIONS = numberArg('connections', 50);
const RATE = numberArg('rate', 0);
/** Emulator latency per FHIR call; ALEX itself takes 1-2 s from New Zealand. */
const LATENCY_MS = numberArg('latency', 100);
const ROUNDS = numberArg('rounds', 3);
const LOG_LEVEL = stringArg('log-level', 'info');

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  // Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** Runs autocannon and measures the CPU the serving process spent per completed request. */
interface Measured {
  result: autocannon.Result;
  cpuMsPerRequest: number;
}

async function measured(
  title: string,
  url: string,
  headers: Record<string, string>,
  pid: number,
): Promise<Measured> {
  const before = cpuSeconds(pid);
  const result = await run(title, url, headers);
  const spent = cpuSeconds(pid) - before;
  return { result, cpuMsPerRequest: (spent * 1000) / Math.max(result.requests.total, 1) };
}

/** Starts a compiled entry point (dist/, as production runs it) and waits until `readyUrl` answers. */
async function startProcess(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  readyUrl: string,
): Promise<ChildProcess> {
  const script = entry.startsWith('scripts/') ? path.join(ROOT, entry) : path.join(ROOT, 'dist', entry);
  const child = spawn(process.execPath, [script, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    const up = await fetch(readyUrl).then(
      () => true,
      () => false,
    );
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${entry} did not start within 60 s`);
}

async function bearerFrom(tokenUrl: string): Promise<string> {
  const form = new URLSearchParams({
    client_id: EMULATOR_CREDENTIALS.clientId,
    client_secret: EMULATOR_CREDENTIALS.clientSecret,
    grant_type: 'client_credentials',
    scope: EMULATOR_CREDENTIALS.scope,
  });
  const response = await fetch(tokenUrl, { method: 'POST', body: form });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function tokenRequestCount(emulatorUrl: string): Promise<number> {
  const counted = (await (await fetch(`${emulatorUrl}/__emulator/tokens/count`)).json()) as {
    tokenRequests: number;
  };
  return counted.tokenRequests;
}

function run(title: string, url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  const rate = RATE > 0 ? { overallRate: RATE } : {};
  return autocannon({ title, url, headers, connections: CONNECTIONS, duration: DURATION, ...rate });
}

const signed = (ms: number) => `${ms >= 0 ? '+' : ''}${ms.toFixed(2)}`;

const row = (name: string, r: autocannon.Result, cpuMsPerRequest?: number) => ({
  run: name,
  'CPU ms/req': cpuMsPerRequest === undefined ? '-' : Number(cpuMsPerRequest.toFixed(3)),
  'p50 ms': r.latency.p50,
  'p90 ms': r.latency.p90,
  'p99 ms': r.latency.p99,
  'avg ms': Number(r.latency.average.toFixed(2)),
  'req/s': Math.round(r.requests.average),
  non2xx: r.non2xx,
  errors: r.errors,
});

async function main(): Promise<void> {
  console.log('building dist/ (npm run build)...');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const [emulatorPort, gatewayPort, bareProxyPort] = [await freePort(), await freePort(), await freePort()];
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const tokenUrl = `${emulatorUrl}/${EMULATOR_CREDENTIALS.tenantId}/oauth2/v2.0/token`;
  const fhirBaseUrl = `${emulatorUrl}/FHIR`;
  const children: ChildProcess[] = [];
  try {
    children.push(
      await startProcess(
        'emulator/main.js',
        ['--port', String(emulatorPort), '--latency-ms', String(LATENCY_MS)],
        { ...process.env },
        `${emulatorUrl}/FHIR/metadata`,
      ),
    );
    const gatewayEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(gatewayPort),
      HOST: '127.0.0.1',
      LOG_LEVEL,
      GATEWAY_API_KEYS: API_KEY,
      MOBILE_TOKEN_SECRET: 'bench-mobile-secret-00000000000000000001',
      RATE_LIMIT_PER_MINUTE: '100000000',
      MEDTECH_CLIENT_ID: EMULATOR_CREDENTIALS.clientId,
      MEDTECH_CLIENT_SECRET: EMULATOR_CREDENTIALS.clientSecret,
      MEDTECH_TENANT_ID: EMULATOR_CREDENTIALS.tenantId,
      MEDTECH_API_SCOPE: EMULATOR_CREDENTIALS.scope,
      MEDTECH_TOKEN_URL: tokenUrl,
      MEDTECH_API_BASE_URL: fhirBaseUrl,
      MEDTECH_FACILITY_IDS: `${FACILITY},F99669-C`,
    };
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    children.push(await startProcess('server.js', [], gatewayEnv, `${gatewayUrl}/health/live`));

    const bearer = await bearerFrom(tokenUrl);
    const bareUrl = `http://127.0.0.1:${bareProxyPort}`;
    const bareProxy = await startProcess(
      'scripts/bench/bare-proxy.cjs',
      [],
      { ...process.env, PORT: String(bareProxyPort), FHIR_BASE_URL: fhirBaseUrl, BEARER: bearer, FACILITY },
      `${bareUrl}/health/live`,
    );
    children.push(bareProxy);
    const gatewayPid = children[1]!.pid!;

    const direct = `${fhirBaseUrl}/Patient?${new URLSearchParams({ identifier: `${NHI_SYSTEM}|${NHI}` })}`;
    const directHeaders = {
      Authorization: `Bearer ${bearer}`,
      'mt-facilityid': FACILITY,
      Accept: 'application/fhir+json',
    };
    const viaGateway = `${gatewayUrl}/api/medtech/test?facilityId=${FACILITY}&nhi=${NHI}`;
    const viaBareProxy = `${bareUrl}/api/medtech/test?nhi=${NHI}`;
    const gatewayHeaders = { Authorization: `Bearer ${API_KEY}` };

    const pace = `${RATE > 0 ? `${RATE} requests/s` : 'unthrottled'}, emulator latency ${LATENCY_MS} ms`;
    console.log(
      `warming up (3 s each), then ${DURATION} s per run at ${CONNECTIONS} connections, ${pace}...`,
    );
    await autocannon({ url: direct, headers: directHeaders, connections: CONNECTIONS, duration: 3 });
    await autocannon({ url: viaGateway, headers: gatewayHeaders, connections: CONNECTIONS, duration: 3 });
    await autocannon({ url: viaBareProxy, connections: CONNECTIONS, duration: 3 });
    const tokensBefore = await tokenRequestCount(emulatorUrl);

    const directResult = await run('ALEX emulator directly', direct, directHeaders);
    const bareRuns: Measured[] = [];
    const gatewayRuns: Measured[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const measureBare = async () =>
        bareRuns.push(await measured('through a bare proxy', viaBareProxy, {}, bareProxy.pid!));
      const measureGateway = async () =>
        gatewayRuns.push(await measured('through the gateway', viaGateway, gatewayHeaders, gatewayPid));
      if (round % 2 === 0) await measureBare().then(measureGateway);
      else await measureGateway().then(measureBare);
    }
    const tokenRequests = await tokenRequestCount(emulatorUrl);
    const gatewayResult = gatewayRuns[0]!.result;

    console.table([
      row('emulator directly', directResult),
      row('bare proxy (round 1)', bareRuns[0]!.result, bareRuns[0]!.cpuMsPerRequest),
      row('through gateway (round 1)', gatewayResult, gatewayRuns[0]!.cpuMsPerRequest),
    ]);
    console.table(
      bareRuns.map((bare, index) => ({
        round: index + 1,
        'bare proxy CPU ms/req': Number(bare.cpuMsPerRequest.toFixed(3)),
        'gateway CPU ms/req': Number(gatewayRuns[index]!.cpuMsPerRequest.toFixed(3)),
        ratio: Number((gatewayRuns[index]!.cpuMsPerRequest / bare.cpuMsPerRequest).toFixed(2)),
      })),
    );
    const bareMedian = median(bareRuns.map((run) => run.cpuMsPerRequest));
    const gatewayMedian = median(gatewayRuns.map((run) => run.cpuMsPerRequest));
    console.log(
      `CPU per proxied call, median of ${ROUNDS} rounds (gateway at LOG_LEVEL=${LOG_LEVEL}): gateway ${gatewayMedian.toFixed(3)} ms, ` +
        `bare proxy ${bareMedian.toFixed(3)} ms, ratio ${(gatewayMedian / bareMedian).toFixed(2)}x (target <= 1.25x)`,
    );
    const addedP50 = gatewayResult.latency.p50 - directResult.latency.p50;
    const addedP99 = gatewayResult.latency.p99 - directResult.latency.p99;
    console.log(
      `added latency: p50 ${signed(addedP50)} ms (target <= 2), p99 ${signed(addedP99)} ms (target <= 10)`,
    );
    console.log(
      `token requests seen by the emulator: ${tokenRequests} in all (${tokenRequests - tokensBefore} during the measured runs; ` +
        'one for the direct bearer, one for the gateway, expected 2)',
    );
    const failed = [directResult, ...bareRuns.map((r) => r.result), ...gatewayRuns.map((r) => r.result)];
    if (failed.some((result) => result.non2xx > 0 || result.errors > 0))
      console.log('WARNING: some responses were not 2xx, or failed');
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
