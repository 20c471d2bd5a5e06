import type { AppError } from '../../errors';
import type { DeliveryDeps } from './delivery-types';
import type { CommitRecord, QueueReason, RecordedWarning } from './write-ahead-record';

/** Results of final files stay this long for replays (GATEWAY-API.md, "Retention"). */
export const FINAL_RESULT_TTL_SECONDS = 24 * 60 * 60;

export type Finish =
  | { state: 'committed'; warnings: RecordedWarning[] }
  | {
      state: 'queued';
      reason: QueueReason;
      nextAttemptAt: number;
      deliveryAttempts?: number;
      /** The store has just failed: answer from memory, leave the record and its job as they are. */
      storeDown?: boolean;
    }
  | { state: 'error'; error: AppError };

/**
 * Ends one run over a file: writes its commit outcome and releases the claim in one
 * compare-and-set, then makes sure a queued file has its delivery job at the right time. If the
 * store fails here, the outcome is still returned; the claim then lapses with its lease and the
 * delivery job (scheduled with the write-ahead mark) carries on.
 */
export async function finishFile(
  deps: DeliveryDeps,
  record: CommitRecord,
  owner: string,
  how: Finish,
): Promise<CommitRecord> {
  const outcome = (current: CommitRecord): CommitRecord => ({
    ...current,
    owner: null,
    leaseUntil: null,
    state: how.state,
    reason: how.state === 'queued' ? how.reason : null,
    // The last attempt happens at the expiry at the latest: it is the final look-up or DELIVERY_EXPIRED.
    nextAttemptAt: how.state === 'queued' ? Math.min(how.nextAttemptAt, current.expiresAt ?? Infinity) : null,
    deliveryAttempts:
      how.state === 'queued' ? (how.deliveryAttempts ?? current.deliveryAttempts) : current.deliveryAttempts,
    error:
      how.state === 'error'
        ? {
            code: how.error.code,
            message: how.error.message,
            retryable: how.error.retryable,
            resendable: how.error.code === 'DELIVERY_UNCERTAIN',
          }
        : null,
    warnings: how.state === 'committed' ? how.warnings : current.warnings,
  });
  let finished: CommitRecord;
  if (how.state === 'queued' && how.storeDown) {
    finished = outcome(record);
    deps.onChange?.(record.fileId);
    return finished;
  }
  try {
    const [, next] = await deps.records.change(record.fileId, (current) =>
      current.owner === owner ? outcome(current) : undefined,
    );
    finished = next ?? outcome(record);
  } catch {
    finished = outcome(record);
  }
  await sideEffects(deps, finished).catch(() => undefined);
  auditFinish(deps, record, finished);
  deps.onChange?.(record.fileId);
  return finished;
}

async function sideEffects(deps: DeliveryDeps, record: CommitRecord): Promise<void> {
  if (record.state === 'queued' && record.nextAttemptAt !== null) {
    await deps.queue.schedule(record.fileId, record.nextAttemptAt);
    return;
  }
  // A final file needs no delivery run any more (a running one ends by itself).
  await deps.queue.cancel(record.fileId);
  if (record.error?.code === 'DELIVERY_EXPIRED') await deps.staging.discardBytes(record.fileId);
  // Kept for a resend: the write may have to be sent again with the same bytes.
  if (record.error?.code === 'DELIVERY_UNCERTAIN')
    await deps.staging.keepBytes(record.fileId, FINAL_RESULT_TTL_SECONDS);
}

/** The audit steps a finish stands for: a file newly queued, a delivery that expired or became uncertain. */
function auditFinish(deps: DeliveryDeps, before: CommitRecord, after: CommitRecord): void {
  const plan = after.plan;
  if (!plan || !deps.onAudit) return;
  const base = { fileId: after.fileId, plan };
  if (after.state === 'queued' && (before.state !== 'queued' || before.reason !== after.reason)) {
    deps.onAudit({
      ...base,
      action: 'commit.queued',
      outcome: 'success',
      errorCode: after.reason ?? undefined,
    });
  }
  if (after.error?.code === 'DELIVERY_EXPIRED') {
    deps.onAudit({ ...base, action: 'delivery.expired', outcome: 'failure', errorCode: 'DELIVERY_EXPIRED' });
  }
  if (after.error?.code === 'DELIVERY_UNCERTAIN' && before.error?.code !== 'DELIVERY_UNCERTAIN') {
    deps.onAudit({
      ...base,
      action: 'delivery.uncertain',
      outcome: 'failure',
      errorCode: 'DELIVERY_UNCERTAIN',
    });
  }
}
