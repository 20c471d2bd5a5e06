import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assembleGateway, type Gateway } from '../../../src/bootstrap';
import { createMemoryStore } from '../../../src/stores/memory-store';
import type { KeyValueStore } from '../../../src/stores/types';
import { captureLogs } from '../../helpers/log-capture';
import { authHeader, testConfig } from '../../helpers/test-config';
import { FACILITY, MOBILE, OTHER_FACILITY } from '../sessions/harness';

export interface EventsGateway {
  gateway: Gateway;
  url: string;
  logs: ReturnType<typeof captureLogs>;
  close(): Promise<void>;
}

/** The whole gateway (emulator mode, no ALEX calls needed) listening on a real port. */
export async function startEventsGateway(
  options: { env?: Record<string, string>; store?: KeyValueStore } = {},
): Promise<EventsGateway> {
  const config = testConfig({
    MEDTECH_FACILITY_IDS: `${FACILITY},${OTHER_FACILITY}`,
    GATEWAY_PUBLIC_URL: 'https://gateway.example.test',
    EVENTS_KEEPALIVE_MS: '200',
    CORS_ORIGINS: 'https://app.example.test',
    ...options.env,
  });
  const logs = captureLogs('debug');
  const gateway = assembleGateway(config, logs.logger, { store: options.store ?? createMemoryStore() });
  const server = await new Promise<Server>((resolve) => {
    const started = gateway.app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    gateway,
    url,
    logs,
    async close() {
      gateway.events.registry.closeAll();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await gateway.close();
      if (!options.store) await gateway.store.close();
    },
  };
}

/** The stream path of a session. */
export const eventsPath = (sessionId: string) => `${MOBILE}/sessions/${encodeURIComponent(sessionId)}/events`;

/** The desktop token in an `eventsUrl`. */
export const desktopToken = (eventsUrl: string) => new URL(eventsUrl).searchParams.get('dt') ?? '';

export { authHeader };
