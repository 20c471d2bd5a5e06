import type { Express } from 'express';
import type { Config } from './config';
import type { Logger } from './logging/logger';
import { createApp } from './app';
import { ReadinessRegistry } from './health/readiness';
import { ShutdownState } from './middleware/shutdown-guard';
import { registerSecret } from './logging/redact';
import { apiKeyAuth } from './middleware/api-key-auth';
import { mobileRateLimit } from './middleware/mobile-auth';
import { createStore, storeReadinessCheck, STORE_KEY_PREFIX } from './stores';
import {
  auditActorContext,
  auditedStaging,
  auditRoutes,
  instrumentImageProcessor,
  sessionAudit,
  setUpAudit,
  setUpMetrics,
  type AuditTrail,
  type GatewayMetrics,
} from './observability';
import type { KeyValueStore } from './stores/types';
import { createTokenService } from './services/oauth';
import { createAlexClient, alexReadinessCheck } from './services/alex';
import { createCapabilities } from './services/capabilities';
import { createImageProcessor } from './services/images';
import { createSessionService } from './services/sessions';
import { createStagingService } from './services/attachments/staging';
import { createCommitService } from './services/attachments/commit';
import { medtechRoutes } from './routes/medtech';
import { capabilitiesRoutes } from './routes/capabilities';
import { mobileRoutes } from './routes/mobile';
import { attachmentRoutes } from './routes/attachments';
import { pageRoutes } from './routes/pages';
import { docsRoutes } from './routes/docs';
import { demoConfigForEmulator } from './emulator/demo-config';
import { startEmbeddedEmulator } from './emulator/embedded';
import { warmUpConformance } from './fhir/conformance';
import type { RunningEmulator } from './emulator';
import type { TokenService } from './services/oauth';
import type { AlexClient } from './services/alex';
import type { ImageProcessor } from './services/images';
import type { SessionService } from './services/sessions';
import type { StagingService } from './services/attachments/staging';
import type { CommitService } from './services/attachments/commit';

export interface GatewayServices {
  tokens: TokenService;
  alex: AlexClient;
  images: ImageProcessor;
  sessions: SessionService;
  staging: StagingService;
  commits: CommitService;
}

export interface Gateway {
  app: Express;
  /** The effective configuration (in emulator mode, pointed at the embedded emulator). */
  config: Readonly<Config>;
  readiness: ReadinessRegistry;
  shutdown: ShutdownState;
  store: KeyValueStore;
  services: GatewayServices;
  /** The audit trail: the lead's commit path records alex.create, commit.* and delivery.* here. */
  audit: AuditTrail;
  /** Metrics the lead's parts feed: `recordCommitFile`, `setDeliveryStatsSource`, `eventStreams`. */
  metrics: GatewayMetrics;
  /** The embedded ALEX emulator, in emulator mode only. */
  emulator?: RunningEmulator;
  /** Releases what the gateway holds (store connections, workers, the embedded emulator). */
  close(): Promise<void>;
}

export interface AssembleOptions {
  /** A store to share (two gateway instances over one Redis in tests); the gateway then does not close it. */
  store?: KeyValueStore;
  /** Epoch milliseconds for sessions, staging and commits; tests pass a fake. */
  clock?: () => number;
  /** Process default metrics (on unless false; tests with many gateways in one process turn them off). */
  defaultMetrics?: boolean;
}

export interface BuildOptions extends AssembleOptions {
  /** Emulator mode starts an embedded emulator unless this is false (tests bring their own). */
  embedEmulator?: boolean;
}

/**
 * Wires the gateway's parts from a configuration: the one place that knows which implementation
 * backs which interface. In emulator mode it first starts the embedded ALEX emulator and points
 * the configuration at it. server.ts calls this; so do tests that want the whole gateway.
 */
export async function buildGateway(
  baseConfig: Readonly<Config>,
  logger: Logger,
  options: BuildOptions = {},
): Promise<Gateway> {
  // Compiling the FHIR R4 schema takes about 1.5 s: pay it at start-up, not on the first commit.
  warmUpConformance();
  if (baseConfig.medtech.mode !== 'emulator' || baseConfig.production || options.embedEmulator === false) {
    return assembleGateway(baseConfig, logger, options);
  }
  const { config, emulator } = await startEmbeddedEmulator(baseConfig, logger);
  const gateway = assembleGateway(config, logger, options);
  return {
    ...gateway,
    emulator,
    close: async () => {
      await gateway.close();
      await emulator.close();
    },
  };
}

/** The synchronous part of {@link buildGateway}: services, readiness checks, routes, the app. */
export function assembleGateway(
  config: Readonly<Config>,
  logger: Logger,
  options: AssembleOptions = {},
): Gateway {
  registerSecret(config.medtech.clientSecret);
  registerSecret(config.mobile.tokenSecret);
  for (const key of config.auth.apiKeys) registerSecret(key);
  const closers: Array<() => Promise<void> | void> = [];
  const { clock } = options;

  const store = options.store ?? createStore(config, logger);
  if (!options.store) closers.push(() => store.close());
  // REDIS_KEY_PREFIX (the lead's) replaces STORE_KEY_PREFIX here once it is in config.
  const observed = setUpMetrics({
    config,
    logger,
    keyPrefix: STORE_KEY_PREFIX,
    defaultMetrics: options.defaultMetrics,
  });
  const { metrics } = observed;
  closers.push(() => observed.close());
  const tokens = createTokenService({
    config,
    logger,
    onTokenRequest: (outcome) => metrics.recordTokenRequest(outcome),
  });
  const alex = createAlexClient({
    config,
    tokens,
    logger,
    onExchange: (exchange) => metrics.recordAlexExchange(exchange),
  });
  closers.push(() => alex.close());
  metrics.setBreakerStatesSource(() => alex.breakerStates());
  const rawImages = createImageProcessor({ limits: config.images, logger });
  closers.push(() => rawImages.close());
  const images = instrumentImageProcessor(rawImages, metrics);
  const audited = setUpAudit({
    config,
    logger,
    keyPrefix: STORE_KEY_PREFIX,
    onWriteFailure: () => metrics.auditFailures.inc(),
    clock,
  });
  const { audit } = audited;
  closers.push(() => audited.close());
  const sessions = createSessionService({ config, store, clock, audit: sessionAudit(audit) });
  const staging = auditedStaging(createStagingService({ config, store, images, sessions, clock }), audit);
  const commits = createCommitService({ config, store, staging, alex, logger, clock });

  const readiness = new ReadinessRegistry();
  readiness.add('token', () => tokens.readinessCheck());
  readiness.add('store', storeReadinessCheck(store));
  readiness.add('alex', alexReadinessCheck(alex, config));
  readiness.add('audit', () => audit.readinessCheck());

  const routeDeps = {
    config,
    sessions,
    staging,
    commits,
    tokens,
    alex,
    apiKeyAuth: apiKeyAuth(config.auth.apiKeys),
    // One instance for both routers, so a phone has one budget across them.
    mobileRateLimit: mobileRateLimit(config.rateLimit.mobilePerMinute),
  };
  const shutdown = new ShutdownState();
  const app = createApp({
    config,
    logger,
    readiness,
    shutdown,
    observers: [observed.httpMiddleware, auditActorContext()],
    apiRouters: [
      medtechRoutes(routeDeps),
      capabilitiesRoutes({ capabilities: createCapabilities(config), apiKeyAuth: routeDeps.apiKeyAuth }),
      mobileRoutes(routeDeps),
      attachmentRoutes(routeDeps),
      auditRoutes({ audit, apiKeyAuth: routeDeps.apiKeyAuth, facilityIds: config.medtech.facilityIds }),
    ],
    pageRouters: [
      pageRoutes({
        production: config.production,
        demoConfig: config.production ? undefined : demoConfigForEmulator(config),
      }),
      docsRoutes({ config }),
      observed.router,
    ],
  });

  return {
    app,
    config,
    readiness,
    shutdown,
    store,
    metrics,
    audit,
    services: { tokens, alex, images, sessions, staging, commits },
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}
