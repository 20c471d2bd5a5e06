import type { Express } from 'express';
import type { Config } from './config';
import type { Logger } from './logging/logger';
import { createApp } from './app';
import { ReadinessRegistry } from './health/readiness';
import { ShutdownState } from './middleware/shutdown-guard';
import { registerSecret } from './logging/redact';
import { apiKeyAuth } from './middleware/api-key-auth';
import { mobileRateLimit } from './middleware/mobile-auth';
import { createStore, storeReadinessCheck } from './stores';
import {
  auditActorContext,
  auditedStaging,
  auditRoutes,
  currentActor,
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
import { createDesktopTokens, createSessionService } from './services/sessions';
import { createGatewayEvents, type GatewayEvents } from './services/events';
import { createStagingService, createUploadBudget } from './services/staging';
import { createCommitService } from './services/commit';
import { createDeliveryQueue, type DeliveryQueue } from './services/delivery';
import { composeScanDocument } from './fhir/scan-document';
import { warmUpScanDocuments } from './fhir/scan';
import { WRITE_TARGETS } from './schemas/statuses';
import { createLaunchService } from './services/launch';
import { medtechRoutes } from './routes/medtech';
import { capabilitiesRoutes } from './routes/capabilities';
import { mobileRoutes } from './routes/mobile';
import { attachmentRoutes } from './routes/attachments';
import { launchRoutes } from './routes/launch';
import { pageRoutes } from './routes/pages';
import { docsRoutes } from './routes/docs';
import { demoConfigFrom, type DemoConfig } from './demo';
import { warmUpConformance } from './fhir/conformance';
import type { RunningEmulator } from './emulator';
import type { TokenService } from './services/oauth';
import type { AlexClient } from './services/alex';
import type { ImageProcessor } from './services/images';
import type { SessionService } from './services/sessions';
import type { StagingService, UploadBudget } from './services/staging';
import type { CommitService } from './services/commit';
import type { LaunchService } from './services/launch';

export interface GatewayServices {
  tokens: TokenService;
  alex: AlexClient;
  images: ImageProcessor;
  sessions: SessionService;
  staging: StagingService;
  commits: CommitService;
  queue: DeliveryQueue;
  launches: LaunchService;
  /** Upload bytes this process holds in memory (UPLOAD_MAX_BUFFERED_BYTES). */
  uploadBudget: UploadBudget;
}

export interface Gateway {
  app: Express;
  /** The effective configuration (in emulator mode, pointed at the embedded emulator). */
  config: Readonly<Config>;
  readiness: ReadinessRegistry;
  shutdown: ShutdownState;
  store: KeyValueStore;
  services: GatewayServices;
  /** Live status: notifiers, the event streams, and `registry.closeAll()` for shutdown. */
  events: GatewayEvents;
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
  /** A delivery queue to use instead of the one STORE picks (tests); the gateway then does not close it. */
  deliveryQueue?: DeliveryQueue;
  /** What /demo offers; buildGateway fills it from the emulator's seed in emulator mode. */
  demoConfig?: DemoConfig;
  /** The embedded emulator's URL (emulator mode): /demo mints Evolution launches on it. */
  emulatorUrl?: string;
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
  // The Scan PDF's font is parsed once at boot, not on the first Scan commit.
  void warmUpScanDocuments().catch(() => undefined);
  if (baseConfig.medtech.mode !== 'emulator' || baseConfig.production) {
    return assembleGateway(baseConfig, logger, options);
  }
  // The emulator is loaded here, in emulator mode only: a live or production gateway never loads it.
  const { demoConfigForEmulator } = await import('./emulator/demo-config');
  if (options.embedEmulator === false) {
    return assembleGateway(baseConfig, logger, { demoConfig: demoConfigForEmulator(baseConfig), ...options });
  }
  const { startEmbeddedEmulator } = await import('./emulator/embedded');
  const { config, emulator } = await startEmbeddedEmulator(baseConfig, logger);
  const gateway = assembleGateway(config, logger, {
    demoConfig: demoConfigForEmulator(config),
    ...options,
    emulatorUrl: emulator.url,
  });
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
  const observed = setUpMetrics({
    config,
    logger,
    keyPrefix: config.store.keyPrefix,
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
    keyPrefix: config.store.keyPrefix,
    onWriteFailure: () => metrics.auditFailures.inc(),
    clock,
  });
  const { audit } = audited;
  closers.push(() => audited.close());
  const shutdown = new ShutdownState();
  const events = createGatewayEvents({
    config,
    keyPrefix: config.store.keyPrefix,
    draining: () => shutdown.draining,
    logger,
    clock,
  });
  closers.push(() => events.close());
  const sessions = createSessionService({ config, store, clock, notify: events, audit: sessionAudit(audit) });
  const desktopTokens = createDesktopTokens({ config, store, sessions, clock });
  const staging = auditedStaging(
    createStagingService({
      config,
      store,
      images,
      sessions,
      clock,
      notify: events,
      // Deletes are decided against the commit records (delete versus commit, GATEWAY-API.md).
      removalGate: (fileId, by) => commits.guardRemoval(fileId, by),
    }),
    audit,
  );
  const queue = options.deliveryQueue ?? createDeliveryQueue(config, logger);
  const commits = createCommitService({
    config,
    store,
    staging,
    alex,
    queue,
    logger,
    clock,
    targets: { default: config.medtech.writeTarget, available: WRITE_TARGETS },
    onAudit: (event) => {
      void audit.record({
        action: event.action,
        outcome: event.outcome,
        errorCode: event.errorCode,
        actor: currentActor(),
        facilityId: event.plan.facilityId,
        patientId: event.plan.patientId,
        encounterId: event.plan.encounterId,
        fileId: event.fileId,
        resource: event.resource,
      });
    },
    onFileOutcome: (target, outcome) => metrics.recordCommitFile(target, outcome),
    scanDocument: ({ imageId, plan, jpeg, file }) =>
      composeScanDocument({
        imageId,
        patientId: plan.patientId,
        providerId: plan.providerId ?? null,
        apiBaseUrl: config.medtech.apiBaseUrl,
        format: config.medtech.scanFormat,
        picture: { jpeg, width: file.width, height: file.height },
        meta: plan.meta,
        capturedAt: plan.capturedAt ? new Date(plan.capturedAt) : null,
        receivedAt: new Date(plan.uploadedAt),
      }),
    // A file's commit state changed: its session's streams show it (queued -> committed, live).
    onChange: (fileId) => {
      void staging
        .getFile(fileId)
        .then((file) => file && events.fileChanged(file.uploadSessionId, fileId))
        .catch(() => undefined);
    },
  });
  queue.start((fileId) => commits.deliver(fileId));
  metrics.setDeliveryStatsSource(() => queue.stats());
  // Closed before the store and the ALEX client: running deliveries finish first.
  if (!options.deliveryQueue) closers.push(() => queue.close());
  const launches = createLaunchService({
    config,
    store,
    alex,
    clock,
    // Who opened which patient's record from Evolution; a launch without a patient names nobody.
    onDecoded: (answer) => {
      if (!answer.patientId) return;
      void audit.record({
        action: 'launch.decode',
        outcome: 'success',
        actor: { ...currentActor(), ...(answer.providerId ? { providerId: answer.providerId } : {}) },
        facilityId: answer.facilityId,
        patientId: answer.patientId,
        encounterId: answer.encounterId,
      });
    },
  });
  const uploadBudget = createUploadBudget(config.uploads.maxBufferedBytes);

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
    desktopTokens,
    streams: events.streams,
    apiKeyAuth: apiKeyAuth(config.auth.apiKeys),
    // One instance for both routers, so a phone has one budget across them.
    mobileRateLimit: mobileRateLimit(config.rateLimit.mobilePerMinute),
    uploadBudget,
  };
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
      launchRoutes({ launches, apiKeyAuth: routeDeps.apiKeyAuth }),
      auditRoutes({ audit, apiKeyAuth: routeDeps.apiKeyAuth, facilityIds: config.medtech.facilityIds }),
    ],
    pageRouters: [
      pageRoutes({
        production: config.production,
        demoConfig: config.production ? undefined : (options.demoConfig ?? demoConfigFrom(config, [])),
        emulatorUrl: config.production ? undefined : options.emulatorUrl,
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
    services: { tokens, alex, images, sessions, staging, commits, queue, launches, uploadBudget },
    events,
    metrics,
    audit,
    close: async () => {
      for (const close of closers.reverse()) await close();
      if (!options.store) await store.close();
    },
  };
}
