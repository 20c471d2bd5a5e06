import type { Logger } from '../../logging/logger';
import type { AlexClient } from '../alex';
import type { DeliveryQueue } from '../delivery';
import type { ImagedFile, StagingService } from '../staging';
import type { CommitPlan } from './commit-plan';
import type { FacilityLimiter } from './facility-limiter';
import type { RecordStore } from './write-ahead-record';

/** Builds the Scan DocumentReference of one file (issue 12); absent until that target is wired. */
export type ScanDocumentBuilder = (input: {
  imageId: string;
  plan: CommitPlan;
  jpeg: Buffer;
  file: ImagedFile;
}) => Promise<fhir4.DocumentReference>;

/** Timings of the exactly-once rules, from config (milliseconds). */
export interface DeliveryTimings {
  /** Nobody re-sends an ambiguous write before this has passed since it was sent. */
  settleMs: number;
  /** How long one commit request or delivery run holds a file. */
  leaseMs: number;
  /** First wait of background delivery; doubles up to 15 minutes. */
  retryBaseSeconds: number;
}

/** Everything that moves one file's writes forward, in a request or a delivery run. */
export interface DeliveryDeps {
  alex: AlexClient;
  staging: StagingService;
  records: RecordStore;
  queue: DeliveryQueue;
  limit: FacilityLimiter;
  clock: () => number;
  timings: DeliveryTimings;
  logger?: Logger;
  scanDocument?: ScanDocumentBuilder;
  /** Told whenever a file's commit state changed (live events). */
  onChange?: (fileId: string) => void;
  /** Told of each auditable step (GATEWAY-API.md, "Metrics and audit"); ids only. */
  onAudit?: (event: CommitAuditEvent) => void;
}

const RESOURCE_TYPES = {
  media: 'Media',
  document: 'DocumentReference',
  inbox: 'Communication',
  task: 'Task',
} as const;
export const resourceTypeOf = (name: keyof typeof RESOURCE_TYPES) => RESOURCE_TYPES[name];

/** One step of a file's commit the audit trail records. */
export interface CommitAuditEvent {
  action:
    | 'alex.create'
    | 'commit.queued'
    | 'commit.adopted'
    | 'commit.resend'
    | 'delivery.expired'
    | 'delivery.uncertain';
  outcome: 'success' | 'failure';
  errorCode?: string;
  fileId: string;
  plan: CommitPlan;
  resource?: { type: 'Media' | 'DocumentReference' | 'Communication' | 'Task'; id: string };
}
