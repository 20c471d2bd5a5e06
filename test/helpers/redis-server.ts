import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A private redis-server for tests that stop, freeze or restart Redis. It runs on a free port
 * in its own temp dir and is controlled only by its own pid, so the shared Redis on 6379 is
 * never touched. Append-only is on, so a restart on the same dir keeps what was written.
 */
export interface PrivateRedis {
  port: number;
  url: string;
  dir: string;
  /** SIGTERM (then SIGKILL after 3 s): Redis is gone, connections refused. */
  stop(): Promise<void>;
  /** SIGSTOP: the port accepts connections but nothing answers. */
  freeze(): void;
  /** SIGCONT after freeze(). */
  resume(): void;
  /** Starts a new redis-server on the same port and dir (after stop()). */
  restart(): Promise<void>;
  /** Kills it (resuming it first if frozen) and removes its dir; safe to call twice. */
  cleanup(): Promise<void>;
}

function freePort(): Promise<number> {
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

/** One PING over a raw socket; true on +PONG within 500 ms. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk: Buffer) => done(chunk.toString('utf8').startsWith('+PONG')));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts redis-server on a free port in a fresh temp dir and waits until it answers PING. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cpgw-redis-'));
  let child: ChildProcess | undefined;
  let frozen = false;

  const launch = async () => {
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir],
      { stdio: 'ignore' },
    );
    child = started;
    const deadline = Date.now() + 10_000;
    while (!(await ping(port))) {
      if (started.exitCode !== null)
        throw new Error(`redis-server on ${port} exited with ${started.exitCode}`);
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not answer PING in 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    if (frozen) running.kill('SIGCONT');
    frozen = false;
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 3000);
    await exited(running);
    clearTimeout(timer);
  };

  await launch();
  return {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    stop,
    freeze() {
      child?.kill('SIGSTOP');
      frozen = true;
    },
    resume() {
      child?.kill('SIGCONT');
      frozen = false;
    },
    async restart() {
      await stop();
      await launch();
    },
    async cleanup() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
