import { ConfigError, getConfig } from './config';
import { createLogger } from './logging/logger';
import { buildGateway } from './bootstrap';
import { emulatorBanner } from './emulator-banner';
import { applyServerTimeouts, installCrashHandlers, installGracefulShutdown } from './lifecycle';
import { installClientErrorHandler } from './middleware/client-error';

/** Listens, tells PM2 it is ready, and stops gracefully. Everything else is in bootstrap.ts. */
async function main(): Promise<void> {
  let config;
  try {
    config = getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      // Names and problems only: values never reach the console.
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  installCrashHandlers(logger);

  const gateway = await buildGateway(config, logger);
  // Express 5 calls this back on a listen error too (a port already taken): without the check the
  // gateway logged "listening", told PM2 it was ready and then quietly exited 0.
  const server = gateway.app.listen(config.port, config.host, (error?: Error) => {
    if (error) {
      logger.error('cannot listen', { host: config.host, port: config.port, cause: error });
      process.exit(1);
    }
    applyServerTimeouts(server);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info('gateway listening', {
      host: config.host,
      port,
      mode: gateway.config.medtech.mode,
      store: config.store.kind,
    });
    if (gateway.emulator)
      process.stdout.write(`${emulatorBanner(gateway.config, port, gateway.emulator.url)}\n`);
    // PM2 waits for this (wait_ready) before it sends traffic or stops the old process.
    process.send?.('ready');
  });
  // What Node's HTTP parser refuses never reaches the app: answer it in the envelope too.
  installClientErrorHandler(server, { production: config.production, logger });
  installGracefulShutdown({
    server,
    state: gateway.shutdown,
    logger,
    onDraining: () => gateway.events.registry.closeAll(),
    onClosed: () => gateway.close(),
  });
}

void main();
