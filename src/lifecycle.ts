import { describeThrown } from './logging/describe-thrown';
import cluster from 'node:cluster';
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import type { Logger } from './logging/logger';
import type { ShutdownState } from './middleware/shutdown-guard';

/** Longest wait for in-flight requests; PM2's kill_timeout (10 s) is set above it. */
export const DRAIN_TIMEOUT_MS = 8000;
/**
 * How long a connection accepted just before shutdown may take to send its first request (which
 * is then answered 503 + `Connection: close`) before it is closed.
 */
export const NEW_CONNECTION_GRACE_MS = 1000;

/** Timeouts set explicitly: nginx keeps upstream connections for 60 s, so Node must keep them longer. */
export function applyServerTimeouts(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;
}

export interface GracefulShutdownOptions {
  server: Server;
  state: ShutdownState;
  logger: Logger;
  /**
   * Called the moment draining starts, before connections are swept: ends the event streams,
   * which would otherwise hold the drain open for its whole timeout.
   */
  onDraining?: () => void;
  /** Closes what the process holds besides the socket (store, emulator). */
  onClosed?: () => Promise<void>;
  exit?: (code: number) => void;
  drainTimeoutMs?: number;
}

/**
 * On SIGINT/SIGTERM: answer new requests 503 + `Connection: close`, stop accepting, let
 * in-flight requests finish for up to 8 s, then exit 0. Idle keep-alive sockets are closed at
 * once so they do not hold the process open.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): (signal: string) => Promise<void> {
  const { server, state, logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping: Promise<void> | undefined;
  const inFlight = trackResponses(server);
  const connections = trackConnections(server);

  const stop = (signal: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info('shutting down', { signal });
      state.draining = true;
      options.onDraining?.();
      // Answers still being prepared end their connection: a keep-alive client (nginx) would
      // otherwise reuse it and meet the 503 below, and the idle socket would hold the drain open.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      // net.Server's close, not http.Server's, whose own sweep of idle connections would run
      // here: closing them ourselves closes idle keep-alive connections at once, and gives a
      // connection that has not sent its first request a short grace (it is then answered 503 +
      // `Connection: close`) instead of letting it hold the drain open until the timeout.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      const busy = () => new Set([...inFlight].map((res) => res.socket));
      closeIdle(connections, busy(), 'served');
      const grace = setTimeout(() => closeIdle(connections, busy(), 'all'), NEW_CONNECTION_GRACE_MS);
      grace.unref();
      const timer = setTimeout(() => {
        logger.warn('drain timeout reached; closing remaining connections');
        server.closeAllConnections();
      }, options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS);
      timer.unref();
      await closed;
      clearTimeout(timer);
      clearTimeout(grace);
      await options
        .onClosed?.()
        .catch((error: unknown) => logger.error('error while closing', { cause: error }));
      logger.info('stopped');
      await leaveCluster();
      exit(0);
    })();
    return stopping;
  };

  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return stop;
}

/** A crash leaves the process in an unknown state: log it once and let PM2 restart us. */
export function installCrashHandlers(logger: Logger): void {
  const die = (kind: string) => (error: unknown) => {
    logger.error(kind, { cause: describeThrown(error) });
    // Give the console transport a moment to flush before leaving.
    setTimeout(() => process.exit(1), 100).unref();
  };
  process.on('unhandledRejection', die('unhandled rejection'));
  process.on('uncaughtException', die('uncaught exception'));
}

/**
 * In a cluster worker (PM2 cluster mode) the primary may hand this process a connection just
 * before it learns the server closed; Node sends such connections back, but only if the worker is
 * still alive to read them. `disconnect()` waits for the primary's acknowledgement, a round trip
 * that flushes them back first; exiting at once would leave those clients hanging.
 */
function leaveCluster(): Promise<void> {
  const worker = cluster.worker;
  if (!worker?.isConnected()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000);
    timer.unref();
    worker.once('disconnect', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.disconnect();
  });
}

/** Every open connection, and whether it has carried a request yet. */
function trackConnections(server: Server): Map<Socket, { served: boolean }> {
  const open = new Map<Socket, { served: boolean }>();
  server.on('connection', (socket: Socket) => {
    open.set(socket, { served: false });
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (req: { socket: Socket }) => {
    const entry = open.get(req.socket);
    if (entry) entry.served = true;
  });
  return open;
}

/**
 * Closes connections with no answer in progress: at once those that already carried a request
 * (idle keep-alive), and after the grace period also those that never sent one.
 */
function closeIdle(
  connections: Map<Socket, { served: boolean }>,
  busy: Set<Socket | null>,
  which: 'served' | 'all',
): void {
  for (const [socket, { served }] of connections) {
    if (busy.has(socket)) continue;
    if (served || which === 'all') socket.destroy();
  }
}

/** The responses not yet finished, so a shutdown can mark them `Connection: close`. */
function trackResponses(server: Server): Set<ServerResponse> {
  const open = new Set<ServerResponse>();
  server.on('request', (_req, res: ServerResponse) => {
    open.add(res);
    res.once('close', () => open.delete(res));
  });
  return open;
}
