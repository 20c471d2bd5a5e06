import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AlexExchange } from '../../services/alex';

/** ALEX answers in 1-3.5 s and a write may take up to ALEX_WRITE_TIMEOUT_MS: buckets reach 60 s. */
export const ALEX_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 7.5, 10, 20, 30, 60];
const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];
const IMAGE_DURATION_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];
/** A label value the lead's callers pass (target, outcome) must look like a word: no ids slip in. */
const WORD = /^[a-z][a-z0-9_-]{0,31}$/;
const word = (value: string) => (WORD.test(value) ? value : 'other');

/** What the delivery queue reports at scrape time (the lead's callback). */
export interface DeliveryStats {
  queued: number;
  oldestQueuedSeconds: number;
}

export type BreakerStatesSource = () => Record<string, 'closed' | 'open' | 'half-open'>;

/**
 * Every metric of GATEWAY-API.md "Metrics and audit". `worker` holds what each process counts
 * for itself (published and combined across processes by each metric's `aggregator`); queue
 * sizes are read once at scrape time into a registry of their own (`scrapeTimeRegistry`).
 */
export function createGatewayMetrics(options: { facilities: readonly string[]; defaultMetrics?: boolean }) {
  const allowed = new Set(options.facilities);
  const worker = new Registry();
  const registers = [worker];
  let breakerSource: BreakerStatesSource | undefined;
  let deliverySource: (() => Promise<DeliveryStats>) | undefined;

  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
    aggregator: 'sum',
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to serve an HTTP request (event streams excluded).',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers,
    aggregator: 'sum',
  });
  const alexRequests = new Counter({
    name: 'alex_requests_total',
    help: 'HTTP exchanges with ALEX, by facility, operation and status.',
    labelNames: ['facility', 'operation', 'status'] as const,
    registers,
    aggregator: 'sum',
  });
  const alexDuration = new Histogram({
    name: 'alex_request_duration_seconds',
    help: 'Duration of one HTTP exchange with ALEX.',
    labelNames: ['facility', 'operation', 'status'] as const,
    buckets: ALEX_DURATION_BUCKETS,
    registers,
    aggregator: 'sum',
  });
  const tokenRequests = new Counter({
    name: 'alex_token_requests_total',
    help: 'Token requests to the identity provider, by outcome.',
    labelNames: ['outcome'] as const,
    registers,
    aggregator: 'sum',
  });
  new Gauge({
    name: 'alex_breaker_open',
    help: '1 while the facility circuit breaker is open (failing fast), else 0.',
    labelNames: ['facility'] as const,
    registers,
    aggregator: 'max',
    collect() {
      this.reset();
      for (const facility of allowed) this.set({ facility }, 0);
      const states = breakerSource?.() ?? {};
      for (const [facilityId, state] of Object.entries(states)) {
        if (state === 'open') this.set({ facility: facilityLabel(facilityId) }, 1);
      }
    },
  });
  const imageDuration = new Histogram({
    name: 'image_processing_duration_seconds',
    help: 'Time to turn one upload into a clean JPEG, by input format.',
    labelNames: ['format'] as const,
    buckets: IMAGE_DURATION_BUCKETS,
    registers,
    aggregator: 'sum',
  });
  const commitFiles = new Counter({
    name: 'commit_files_total',
    help: 'Files through the commit path, by target and outcome.',
    labelNames: ['target', 'outcome'] as const,
    registers,
    aggregator: 'sum',
  });
  const eventStreams = new Gauge({
    name: 'event_streams_open',
    help: 'Server-sent event streams open now.',
    registers,
    aggregator: 'sum',
  });
  const auditFailures = new Counter({
    name: 'audit_write_failures_total',
    help: 'Audit records that could not be written.',
    registers,
    aggregator: 'sum',
  });

  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: worker });

  function facilityLabel(facilityId: string): string {
    return allowed.has(facilityId) ? facilityId : 'other';
  }

  return {
    worker,
    facilityLabel,
    httpRequests,
    httpDuration,
    auditFailures,
    /** One HTTP exchange with ALEX, as the ALEX client's `onExchange` observer reports it. */
    recordAlexExchange(exchange: AlexExchange): void {
      const labels = {
        facility: facilityLabel(exchange.facilityId),
        operation: exchange.operation,
        status: exchange.status,
      };
      alexRequests.inc(labels);
      alexDuration.observe(labels, exchange.durationMs / 1000);
    },
    recordTokenRequest(outcome: string): void {
      tokenRequests.inc({ outcome: word(outcome) });
    },
    recordImageProcessing(format: string, durationMs: number): void {
      imageDuration.observe({ format: word(format) }, durationMs / 1000);
    },
    /** Called by the commit path once per file and outcome. */
    recordCommitFile(target: string, outcome: string): void {
      commitFiles.inc({ target: word(target), outcome: word(outcome) });
    },
    eventStreams: {
      set: (value: number) => eventStreams.set(value),
      inc: () => eventStreams.inc(),
      dec: () => eventStreams.dec(),
    },
    setBreakerStatesSource(source: BreakerStatesSource): void {
      breakerSource = source;
    },
    setDeliveryStatsSource(source: () => Promise<DeliveryStats>): void {
      deliverySource = source;
    },
    /**
     * The gauges read once per scrape from the queue itself, in a registry of their own so they
     * are never summed across processes. A failing source leaves them out of this scrape (an
     * absent series, which an alert can see) rather than failing the scrape or reporting 0.
     */
    async scrapeTimeRegistry(): Promise<Registry> {
      const registry = new Registry();
      if (!deliverySource) return registry;
      let stats: DeliveryStats;
      try {
        stats = await deliverySource();
      } catch {
        return registry;
      }
      new Gauge({
        name: 'delivery_queued_files',
        help: 'Files waiting for background delivery.',
        registers: [registry],
        aggregator: 'max',
      }).set(stats.queued);
      new Gauge({
        name: 'delivery_oldest_queued_seconds',
        help: 'Age of the oldest file waiting for background delivery.',
        registers: [registry],
        aggregator: 'max',
      }).set(stats.oldestQueuedSeconds);
      return registry;
    },
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
