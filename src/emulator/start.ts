import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulatorApp } from './app';
import type { EmulatorCredentials } from './credentials';
import type { EmulatorOptions } from './options';
import type { EmulatorState } from './state';

/** A listening emulator and everything a client needs to reach it. */
export interface RunningEmulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `${url}/${tenantId}/oauth2/v2.0/token` */
  tokenUrl: string;
  /** `${url}/FHIR` */
  fhirBaseUrl: string;
  credentials: EmulatorCredentials;
  /** Programmatic control, the same powers as the HTTP control API. */
  state: EmulatorState;
  close(): Promise<void>;
}

export interface StartOptions extends EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1: the control API has no authentication, so never listen wider by default. */
  host?: string;
}

/** Starts an emulator on `host:port` and resolves once it listens. */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = '127.0.0.1', ...emulatorOptions } = options;
  const { app, state } = createEmulatorApp(emulatorOptions);
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostInUrl}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    tokenUrl: `${url}/${state.credentials.tenantId}/oauth2/v2.0/token`,
    fhirBaseUrl: `${url}/FHIR`,
    credentials: state.credentials,
    state,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        state.dispose();
        server.close(() => resolve());
        // Keep-alive sockets (autocannon, axios agents) would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
