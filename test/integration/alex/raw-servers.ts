import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type RequestListener, type Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A plain HTTP server on a free loopback port, for misbehaviour the emulator does not model. */
export async function rawServer(
  handler: RequestListener,
): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    count += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on: connecting is refused at once. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A port where TCP connections are never accepted: what a host that is not allow-listed sees
 * from ALEX. A child process listens with a backlog of 1 and then blocks its event loop; once
 * two connections fill the kernel's queue, further SYNs go unanswered and connect() hangs.
 */
export async function blackholePort(): Promise<{ port: number; close: () => void }> {
  const child: ChildProcess = spawn(process.execPath, [
    '-e',
    `const s = require('net').createServer();
     s.listen(0, '127.0.0.1', 1, () => {
       process.stdout.write(s.address().port + '\\n');
       setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000), 50);
     });`,
  ]);
  const port = await new Promise<number>((resolve) =>
    child.stdout?.once('data', (data) => resolve(Number(String(data).trim()))),
  );
  await new Promise((resolve) => setTimeout(resolve, 150));
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 2; i += 1) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    fillers.push(socket);
  }
  return {
    port,
    close: () => {
      for (const socket of fillers) socket.destroy();
      child.kill('SIGKILL');
    },
  };
}
