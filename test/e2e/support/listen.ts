import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import type { Express } from 'express';

/** A port the OS says is free right now (closed again before the gateway takes it). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Serves `app` on 127.0.0.1:`port`; resolves to a function that drops every connection and stops. */
export async function listen(app: Express, port: number): Promise<() => Promise<void>> {
  const server = await new Promise<Server>((resolve, reject) => {
    const started = app.listen(port, '127.0.0.1', () => resolve(started));
    started.once('error', reject);
  });
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
}
