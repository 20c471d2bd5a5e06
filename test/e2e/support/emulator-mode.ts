import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { buildGateway, type Gateway } from '../../../src/bootstrap';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig } from '../../helpers/test-config';

export interface EmulatorModeGateway {
  gateway: Gateway;
  url: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The gateway as `npm run dev` starts it without ALEX credentials: emulator mode with the embedded
 * emulator, so /demo/config.json lists the emulator's seeded patients and practitioners.
 */
export async function startEmulatorModeGateway(): Promise<EmulatorModeGateway> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = testConfig({ MOBILE_UPLOAD_BASE_URL: `${url}/mobile`, MEDTECH_FACILITY_IDS: 'F2N060-E' });
  const gateway = await buildGateway(config, captureLogs('debug').logger);
  const server = await new Promise<Server>((resolve) => {
    const started = gateway.app.listen(port, '127.0.0.1', () => resolve(started));
  });
  return {
    gateway,
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await gateway.close();
    },
  };
}
