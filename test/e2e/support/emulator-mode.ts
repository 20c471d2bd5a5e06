import { buildGateway, type Gateway } from '../../../src/bootstrap';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig } from '../../helpers/test-config';
import { freePort, listen } from './listen';

export interface EmulatorModeGateway {
  gateway: Gateway;
  url: string;
  close(): Promise<void>;
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
  let stop: () => Promise<void>;
  try {
    stop = await listen(gateway.app, port);
  } catch (error) {
    await gateway.close();
    throw error;
  }
  return {
    gateway,
    url,
    async close() {
      await stop();
      await gateway.close();
    },
  };
}
