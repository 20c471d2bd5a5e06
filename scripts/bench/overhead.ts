/**
 * `npm run bench:overhead` (QUALITY.md, "Speed and memory"): the gateway's overhead on a proxied
 * call. Starts the ALEX emulator (latency 0) and a gateway in this process, then runs autocannon
 * (50 connections) against the emulator's Patient search directly and against
 * `GET /api/medtech/test` through the gateway, and prints both latency tables, the added p50/p99
 * and how many token requests the emulator saw. Absolute times are indicative (shared machine);
 * the difference between the two runs is the figure that matters.
 *
 * Both runs send the same fixed request rate (`--rate`, default 200/s over all connections).
 * Everything shares one process and the emulator answers at once, so an unthrottled closed
 * loop would saturate the CPU and measure queueing (connections / throughput) rather than the
 * time the gateway adds to one call; `--rate 0` runs unthrottled anyway, for throughput.
 *
 * Usage: tsx scripts/bench/overhead.ts [--duration 10] [--connections 50] [--rate 200]
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { ReadinessRegistry } from '../../src/health/readiness';
import { createLogger, type Logger } from '../../src/logging/logger';
import { apiKeyAuth } from '../../src/middleware/api-key-auth';
import { ShutdownState } from '../../src/middleware/shutdown-guard';
import { medtechRoutes } from '../../src/routes/medtech';
import { createAlexClient, NHI_SYSTEM } from '../../src/services/alex';
import { createTokenService } from '../../src/services/oauth';

const FACILITY = 'F2N060-E';
const NHI = 'ZZZ0016';
const API_KEY = 'bench-api-key-0000000000000000000000001';
const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 50);
const RATE = arg('rate', 200);

function benchConfig(emu: RunningEmulator): Readonly<Config> {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    GATEWAY_API_KEYS: API_KEY,
    MOBILE_TOKEN_SECRET: 'bench-mobile-secret-00000000000000000001',
    RATE_LIMIT_PER_MINUTE: '100000000',
    MEDTECH_CLIENT_ID: emu.credentials.clientId,
    MEDTECH_CLIENT_SECRET: emu.credentials.clientSecret,
    MEDTECH_TENANT_ID: emu.credentials.tenantId,
    MEDTECH_API_SCOPE: emu.credentials.scope,
    MEDTECH_TOKEN_URL: emu.tokenUrl,
    MEDTECH_API_BASE_URL: emu.fhirBaseUrl,
    MEDTECH_FACILITY_IDS: `${FACILITY},F99669-C`,
  });
}

/** The lead's full gateway when it serves the route; otherwise the same stack assembled here. */
async function gatewayApp(
  config: Readonly<Config>,
  logger: Logger,
): Promise<{ app: Express; close: () => Promise<void> }> {
  try {
    const { buildGateway } = await import('../../src/bootstrap');
    const gateway = await buildGateway(config, logger);
    const probe = await listen(gateway.app);
    const status = await fetch(`${probe.url}/api/medtech/test`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    }).then((r) => r.status);
    await probe.close();
    if (status === 200) return { app: gateway.app, close: gateway.close };
    await gateway.close();
  } catch {
    // bootstrap not wired for this route yet: fall through.
  }
  const tokens = createTokenService({ config, logger });
  const alex = createAlexClient({ config, tokens, logger });
  const router = medtechRoutes({ config, tokens, alex, apiKeyAuth: apiKeyAuth(config.auth.apiKeys) });
  const app = createApp({
    config,
    logger,
    readiness: new ReadinessRegistry(),
    shutdown: new ShutdownState(),
    apiRouters: [router],
  });
  console.log(
    '(gateway assembled here from createApp + medtechRoutes: buildGateway does not serve /api/medtech/test yet)',
  );
  return { app, close: async () => alex.close() };
}

async function listen(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function bearerFrom(emu: RunningEmulator): Promise<string> {
  const form = new URLSearchParams({
    client_id: emu.credentials.clientId,
    client_secret: emu.credentials.clientSecret,
    grant_type: 'client_credentials',
    scope: emu.credentials.scope,
  });
  const response = await fetch(emu.tokenUrl, { method: 'POST', body: form });
  return ((await response.json()) as { access_token: string }).access_token;
}

function run(title: string, url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  const rate = RATE > 0 ? { overallRate: RATE } : {};
  return autocannon({ title, url, headers, connections: CONNECTIONS, duration: DURATION, ...rate });
}

const signed = (ms: number) => `${ms >= 0 ? '+' : ''}${ms.toFixed(2)}`;

const row = (name: string, r: autocannon.Result) => ({
  run: name,
  'p50 ms': r.latency.p50,
  'p90 ms': r.latency.p90,
  'p99 ms': r.latency.p99,
  'avg ms': Number(r.latency.average.toFixed(2)),
  'req/s': Math.round(r.requests.average),
  non2xx: r.non2xx,
  errors: r.errors,
});

async function main(): Promise<void> {
  const emu = await startEmulator({ port: 0, latencyMs: 0 });
  emu.state.setLatency('*', 0);
  const logger = createLogger({ level: 'error', silent: true });
  const config = benchConfig(emu);
  const gateway = await gatewayApp(config, logger);
  const server = await listen(gateway.app);

  const direct = `${emu.fhirBaseUrl}/Patient?${new URLSearchParams({ identifier: `${NHI_SYSTEM}|${NHI}` })}`;
  const directHeaders = {
    Authorization: `Bearer ${await bearerFrom(emu)}`,
    'mt-facilityid': FACILITY,
    Accept: 'application/fhir+json',
  };
  const viaGateway = `${server.url}/api/medtech/test?facilityId=${FACILITY}&nhi=${NHI}`;
  const gatewayHeaders = { Authorization: `Bearer ${API_KEY}` };

  const pace = RATE > 0 ? `${RATE} requests/s` : 'unthrottled';
  console.log(`warming up (2 s each), then ${DURATION} s per run at ${CONNECTIONS} connections, ${pace}...`);
  await autocannon({ url: direct, headers: directHeaders, connections: CONNECTIONS, duration: 2 });
  await autocannon({ url: viaGateway, headers: gatewayHeaders, connections: CONNECTIONS, duration: 2 });
  const tokensBefore = emu.state.tokenRequestCount();

  const directResult = await run('ALEX emulator directly', direct, directHeaders);
  const gatewayResult = await run('through the gateway', viaGateway, gatewayHeaders);
  const tokenRequests = emu.state.tokenRequestCount();

  console.table([row('emulator directly', directResult), row('through gateway', gatewayResult)]);
  const addedP50 = gatewayResult.latency.p50 - directResult.latency.p50;
  const addedP99 = gatewayResult.latency.p99 - directResult.latency.p99;
  console.log(
    `added latency: p50 ${signed(addedP50)} ms (target <= 2), p99 ${signed(addedP99)} ms (target <= 10)`,
  );
  console.log(
    `token requests seen by the emulator: ${tokenRequests} in all (${tokenRequests - tokensBefore} during the measured runs; ` +
      'one for the direct bearer, one for the gateway, expected 2)',
  );
  if (gatewayResult.non2xx > 0 || directResult.non2xx > 0)
    console.log('WARNING: some responses were not 2xx');

  await server.close();
  await gateway.close();
  await emu.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
