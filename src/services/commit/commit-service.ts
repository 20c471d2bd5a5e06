import { randomUUID } from 'node:crypto';
import { assertFacilityAllowed } from '../facilities';
import type { Config } from '../../config';
import { AppError, toAppError, type ErrorDetail } from '../../errors';
import type { Logger } from '../../logging/logger';
import type { CommitRequest } from '../../schemas/commit';
import type { KeyValueStore } from '../../stores/types';
import type { AlexClient } from '../alex';
import type { DeliveryQueue, DeliveryStep } from '../delivery';
import type { ImagedFile, StagingService } from '../staging';
import { COMMITTED_RECORD_TTL_SECONDS } from '../staging';
import { advanceFile } from './advance-file';
import { claimForRequest, hasUncertainWrite } from './claim-file';
import { planFingerprint, type CommitPlan, type WriteTarget } from './commit-plan';
import { errorOutcome, outcomeOf, type FileCommitOutcome } from './commit-outcome';
import { deliverFile } from './deliver-file';
import type { CommitAuditEvent, DeliveryDeps, ScanDocumentBuilder } from './delivery-types';
import { createFacilityLimiter } from './facility-limiter';
import { finishFile } from './finish-file';
import { guardRemoval } from './removal-guard';
import { resolveMeta } from './resolve-meta';
import { bindIdempotencyKeys, loadCommitFiles } from './validate-files';
import { createRecordStore, type CommitRecord } from './write-ahead-record';

export interface CommitServiceDeps {
  config: Readonly<Pick<Config, 'alex' | 'medtech' | 'store' | 'delivery'>>;
  store: KeyValueStore;
  staging: StagingService;
  alex: AlexClient;
  queue: DeliveryQueue;
  /** Each file that did not commit, and each warning, is logged by code for on-call. */
  logger?: Logger;
  clock?: () => number;
  scanDocument?: ScanDocumentBuilder;
  /** The default write target (MEDTECH_WRITE_TARGET) and the ones a commit may choose. */
  targets?: { default: WriteTarget; available: readonly WriteTarget[] };
  onChange?: (fileId: string) => void;
  onAudit?: (event: CommitAuditEvent) => void;
  /** Told of each file's outcome in a commit response (commit_files_total). */
  onFileOutcome?: (target: WriteTarget, outcome: FileCommitOutcome['status']) => void;
}

export interface CommitOutcome {
  /** 200 every file committed; 202 none failed and some queued; 207 any failed (same body). */
  status: 200 | 202 | 207;
  files: FileCommitOutcome[];
}

/** A commit record outlives the staged file it describes, so a replay always finds it. */
const RECORD_MARGIN_SECONDS = 24 * 60 * 60;
/** Before the staged bytes expire, the last delivery attempt must have had time to run. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The commit of GATEWAY-API.md with its exactly-once rules: validate everything first (facility,
 * dictionary codes, files, idempotency keys, resend, fixed tags and target), then move each file
 * on independently (advance-file.ts), answering within COMMIT_RESPONSE_BUDGET_MS: whatever is
 * still running then is reported queued and finishes in the background. The same rules drive
 * background delivery (`deliver`, the delivery queue's processor) and deletes (`guardRemoval`).
 */
export function createCommitService(deps: CommitServiceDeps) {
  const clock = deps.clock ?? Date.now;
  const { config } = deps;
  const recordTtl =
    Math.max(COMMITTED_RECORD_TTL_SECONDS, config.store.stagingTtlSeconds) + RECORD_MARGIN_SECONDS;
  const records = createRecordStore({ store: deps.store, ttlSeconds: recordTtl, clock });
  const writeTimeoutMs = config.alex.writeTimeoutMs;
  const delivery: DeliveryDeps = {
    alex: deps.alex,
    staging: deps.staging,
    records,
    queue: deps.queue,
    limit: createFacilityLimiter(config.alex.concurrency),
    clock,
    timings: {
      // Never shorter than a write's own timeout: a write still running cannot be "settled".
      settleMs: Math.max(config.alex.writeSettleSeconds * 1000, writeTimeoutMs + 1000),
      // A run holds a file across its writes; renewed before each write.
      leaseMs: writeTimeoutMs + config.alex.deadlineMs + 5000,
      retryBaseSeconds: config.delivery.retryBaseSeconds,
    },
    logger: deps.logger,
    scanDocument: deps.scanDocument,
    onChange: deps.onChange,
    onAudit: deps.onAudit,
  };
  const targets = deps.targets ?? { default: 'media' as const, available: ['media'] as const };

  async function commit(body: CommitRequest): Promise<CommitOutcome> {
    assertFacilityAllowed(config, body.facilityId);
    const target = body.target ?? targets.default;
    if (!targets.available.includes(target)) {
      throw new AppError('VALIDATION_FAILED', {
        details: [{ path: 'target', problem: `must be one of ${targets.available.join(', ')}` }],
      });
    }
    const metas = resolveMeta(body.files);
    const files = await loadCommitFiles(deps.staging, body);
    const plans = body.files.map((input, index) => planOf(body, target, input, metas[index], files[index]));
    await assertConsistentWithRecords(body, plans);
    await bindIdempotencyKeys(deps.store, body, recordTtl);

    const results = await Promise.all(
      body.files.map((input, index) => commitOne(files[index], plans[index], input.resend === true)),
    );
    for (const result of results) {
      logOutcome(deps.logger, body.facilityId, result);
      deps.onFileOutcome?.(target, result.status);
    }
    const status = results.some((r) => r.status === 'error')
      ? 207
      : results.some((r) => r.status === 'queued')
        ? 202
        : 200;
    return { status, files: results };
  }

  async function commitOne(file: ImagedFile, plan: CommitPlan, resend: boolean): Promise<FileCommitOutcome> {
    const owner = randomUUID();
    const uploaded = Date.parse(plan.uploadedAt);
    const expiresAt = uploaded + config.store.stagingTtlSeconds * 1000 - EXPIRY_MARGIN_MS;
    let claim;
    try {
      claim = await claimForRequest(delivery, file.fileId, { owner, plan, resend, expiresAt });
    } catch (error) {
      return errorOutcome(file.fileId, toAppError(error));
    }
    if (claim.kind === 'gone') return errorOutcome(file.fileId, new AppError('FILE_NOT_FOUND'));
    if (claim.kind === 'busy') return errorOutcome(file.fileId, new AppError('COMMIT_IN_PROGRESS'));
    if (claim.kind === 'replay') return outcomeOf(claim.record, true);

    const claimed = claim.record;
    const work = advanceFile(delivery, claimed, { owner, resend, background: false }).catch(
      (error: unknown) => finishFile(delivery, claimed, owner, { state: 'error', error: toAppError(error) }),
    );
    const inTime = await withinBudget(work, config.delivery.commitResponseBudgetMs);
    if (inTime) return outcomeOf(inTime, false);
    // Still running: it finishes in the background; its write-ahead job covers a crash meanwhile.
    const now = (await records.get(file.fileId).catch(() => undefined)) ?? claimed;
    return outcomeOf({ ...now, state: 'working' }, false);
  }

  /** A file's meta and target are fixed by its first claimed commit; resend needs an uncertain write. */
  async function assertConsistentWithRecords(body: CommitRequest, plans: CommitPlan[]): Promise<void> {
    const problems: ErrorDetail[] = [];
    const existing = await Promise.all(body.files.map((file) => records.get(file.fileId)));
    existing.forEach((record, index) => {
      const input = body.files[index];
      if (input.resend && !(record && hasUncertainWrite(record))) {
        problems.push({
          path: `files.${index}.resend`,
          problem: 'only a photo whose delivery is uncertain may be sent again',
        });
      }
      if (!record?.plan) return;
      const before = planFingerprint(record.plan);
      const now = planFingerprint(plans[index]);
      if (before.meta !== now.meta)
        problems.push({
          path: `files.${index}.meta`,
          problem: 'differs from the first commit of this photo',
        });
      if (before.target !== now.target)
        problems.push({
          path: 'target',
          problem: `this photo was first committed with target ${before.target}`,
        });
    });
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { details: problems });
  }

  return {
    commit,
    /** The delivery queue's processor. */
    deliver: (fileId: string): Promise<DeliveryStep> => deliverFile(delivery, fileId),
    /** The file's commit outcome, for views; undefined when no commit ever named it. */
    async stateOf(fileId: string): Promise<FileCommitOutcome | undefined> {
      const record = await records.get(fileId);
      return record && record.plan && record.state !== 'deleted' ? outcomeOf(record, false) : undefined;
    },
    /** Staging's removal gate: throws 409 unless the file may be deleted now, and tombstones it. */
    guardRemoval: (fileId: string, by: 'phone' | 'apiKey') => guardRemoval(delivery, fileId, by),
  };
}

export type CommitService = ReturnType<typeof createCommitService>;

function planOf(
  body: CommitRequest,
  target: WriteTarget,
  input: CommitRequest['files'][number],
  meta: CommitPlan['meta'],
  file: ImagedFile,
): CommitPlan {
  return {
    target,
    delivery: body.delivery,
    meta,
    facilityId: file.facilityId,
    patientId: file.patientId,
    encounterId: file.encounterId,
    providerId: body.providerId,
    ...(input.alsoInbox?.enabled &&
      input.alsoInbox.recipientId && {
        inbox: { recipientId: input.alsoInbox.recipientId, note: input.alsoInbox.note },
      }),
    ...(input.alsoTask?.enabled &&
      input.alsoTask.assigneeId && {
        task: { assigneeId: input.alsoTask.assigneeId, due: input.alsoTask.due, note: input.alsoTask.note },
      }),
    uploadedAt: file.uploadedAt,
    capturedAt: file.capturedAt ?? null,
  };
}

/** The work's result if it ends within `ms`, else undefined (the work goes on). */
async function withinBudget(work: Promise<CommitRecord>, ms: number): Promise<CommitRecord | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One line per file that failed, is queued or committed with a warning: codes only, no patient data. */
function logOutcome(logger: Logger | undefined, facilityId: string, result: FileCommitOutcome): void {
  if (!logger) return;
  const base = { facilityId, fileId: result.fileId };
  if (result.status === 'error') {
    const level = result.error?.code === 'INTERNAL' ? 'error' : 'warn';
    logger.log(level, 'commit file failed', {
      ...base,
      code: result.error?.code,
      retryable: result.error?.retryable,
    });
  } else if (result.status === 'queued') {
    logger.info('commit file queued', { ...base, reason: result.reason });
  } else if (result.warnings.length > 0) {
    logger.warn('commit file warnings', { ...base, codes: result.warnings.map((w) => w.code) });
  } else {
    logger.info('commit file done', { ...base, replayed: result.replayed });
  }
}
