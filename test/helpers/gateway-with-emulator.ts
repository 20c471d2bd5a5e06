import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { assembleGateway, type Gateway } from '../../src/bootstrap';
import { installClientErrorHandler } from '../../src/middleware/client-error';
import type { KeyValueStore } from '../../src/stores/types';
import { captureLogs } from './log-capture';
import { testConfig } from './test-config';

export interface GatewayWithEmulator {
  emulator: RunningEmulator;
  gateway: Gateway;
  logs: ReturnType<typeof captureLogs>;
  /** Set by `listen()`: the gateway's base URL on an ephemeral port. */
  url?: string;
  /** Starts the gateway on 127.0.0.1:0 for end-to-end HTTP tests. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole gateway in live mode against a separately started ALEX emulator, so a test can
 * stage faults and latency on the emulator and read its journal. The gateway finds the emulator
 * only through MEDTECH_TOKEN_URL and MEDTECH_API_BASE_URL, as it would any ALEX-like server.
 */
export async function startGatewayWithEmulator(
  options: { env?: Record<string, string>; store?: KeyValueStore } = {},
): Promise<GatewayWithEmulator> {
  const emulator = await startEmulator({ port: 0 });
  const { credentials } = emulator;
  const config = testConfig({
    MEDTECH_CLIENT_ID: credentials.clientId,
    MEDTECH_CLIENT_SECRET: credentials.clientSecret,
    MEDTECH_TENANT_ID: credentials.tenantId,
    MEDTECH_API_SCOPE: credentials.scope,
    MEDTECH_TOKEN_URL: emulator.tokenUrl,
    MEDTECH_API_BASE_URL: emulator.fhirBaseUrl,
    MEDTECH_FACILITY_IDS: 'F2N060-E,F99669-C',
    ALEX_TIMEOUT_MS: '1500',
    ALEX_DEADLINE_MS: '5000',
    ...options.env,
  });
  const logs = captureLogs('debug');
  const gateway = assembleGateway(config, logs.logger, { store: options.store });
  let server: Server | undefined;
  const harness: GatewayWithEmulator = {
    emulator,
    gateway,
    logs,
    async listen() {
      server = await new Promise<Server>((resolve) => {
        const started = gateway.app.listen(0, '127.0.0.1', () => resolve(started));
      });
      // As src/server.ts does, so parser-level refusals are tested against the real handler.
      installClientErrorHandler(server, { production: gateway.config.production, logger: logs.logger });
      harness.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return harness.url;
    },
    async close() {
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server?.close(resolve));
      }
      // The gateway closes its own store; a store passed in belongs to the caller.
      await gateway.close();
      await emulator.close();
    },
  };
  return harness;
}
