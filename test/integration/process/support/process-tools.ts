import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** The project's root, where package.json and node_modules are. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** A port that was free a moment ago (the OS picks it); good enough for one test's server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns true or `timeoutMs` passes (then throws with `what`). */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** True when GET /health/live on the port answers 200. */
export async function isLive(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/live`, {
      signal: AbortSignal.timeout(2000),
    });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** A spawned child with its output collected, and a promise of its exit code. */
export interface Child {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `command` with collected output; the caller kills it if a test fails early. */
export function spawnChild(command: string, args: string[], options: SpawnOptions): Child {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { process: child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves with the exit, or rejects when the child is still running after `timeoutMs`. */
export function exitWithin(child: Child, timeoutMs: number) {
  return Promise.race([
    child.exited,
    new Promise<never>((_resolve, reject) =>
      setTimeout(() => reject(new Error(`process still running after ${timeoutMs} ms`)), timeoutMs).unref(),
    ),
  ]);
}

/** The environment a spawned gateway needs, without anything inherited from the test runner. */
export function gatewayEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    STORE: 'memory',
    GATEWAY_API_KEYS: 'process-test-api-key-0000000000000001',
    MOBILE_TOKEN_SECRET: 'process-test-mobile-secret-00000000000001',
    ...overrides,
  };
}
