export {
  createCommitService,
  type CommitService,
  type CommitServiceDeps,
  type CommitOutcome,
} from './commit-service';
export type { FileCommitOutcome } from './commit-outcome';
export type { ScanDocumentBuilder, CommitAuditEvent } from './delivery-types';
export type { CommitPlan, WriteTarget } from './commit-plan';
