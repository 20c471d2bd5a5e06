import type { Express } from 'express';
import type { Config } from './config';
import type { Logger } from './logging/logger';
import { createApp } from './app';
import { ReadinessRegistry } from './health/readiness';
import { ShutdownState } from './middleware/shutdown-guard';
import { registerSecret } from './logging/redact';

export interface Gateway {
  app: Express;
  config: Readonly<Config>;
  readiness: ReadinessRegistry;
  shutdown: ShutdownState;
  /** Releases what the gateway holds (store connections, the embedded emulator). */
  close(): Promise<void>;
}

/**
 * Wires the gateway's parts from a configuration: the one place that knows which
 * implementation backs which interface. Tests call it with their own config.
 */
export async function buildGateway(config: Readonly<Config>, logger: Logger): Promise<Gateway> {
  registerSecret(config.medtech.clientSecret);
  registerSecret(config.mobile.tokenSecret);
  for (const key of config.auth.apiKeys) registerSecret(key);

  const readiness = new ReadinessRegistry();
  const shutdown = new ShutdownState();
  const closers: Array<() => Promise<void>> = [];

  const app = createApp({ config, logger, readiness, shutdown, apiRouters: [], pageRouters: [] });
  return {
    app,
    config,
    readiness,
    shutdown,
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}
