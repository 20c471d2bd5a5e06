/** The command-line and socket helpers every benchmark script uses. */
import { createServer, type AddressInfo } from 'node:net';

/** `--name value` from the command line, or the fallback. */
export function stringArg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

export function numberArg(name: string, fallback: number): number {
  return Number(stringArg(name, String(fallback)));
}

/** A port the OS says is free right now, for a process the benchmark is about to start. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
