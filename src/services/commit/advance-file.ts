import { AppError } from '../../errors';
import { isStoreUnavailable } from '../../stores';
import { nextDeliveryDelayMs } from '../delivery';
import { AlexHttpError } from '../alex';
import { MAIN_WRITES, writesOf, type WriteName } from './commit-plan';
import { buildWrite } from './build-write';
import { resourceTypeOf, type DeliveryDeps } from './delivery-types';
import { finishFile, type Finish } from './finish-file';
import { resolveUnsettled } from './resolve-unsettled';
import { recordWrite, sendWrite, settledAt } from './send-write';
import type { CommitRecord, RecordedWarning } from './write-ahead-record';

/** Codes for which a queued file is delivered in the background (GATEWAY-API.md). */
const QUEUEABLE = new Set(['PRACTICE_OFFLINE', 'ALEX_BUSY', 'ALEX_UNAVAILABLE', 'ALEX_UNREACHABLE']);

export interface AdvanceOptions {
  /** The claim's owner id (a request or a delivery run). */
  owner: string;
  /** Send the uncertain writes again (files[].resend). */
  resend: boolean;
  /** A delivery run: retryable failures are always queued, whatever the plan's delivery mode. */
  background: boolean;
}

/**
 * Moves one claimed file as far as it can go, write by write, in order (Media, Scan document,
 * inbox message, task), applying the exactly-once rules of GATEWAY-API.md, and ends with one
 * `finishFile` that releases the claim and states the file's commit outcome. Used by the commit
 * request and by background delivery alike, so both follow exactly the same rules.
 */
export async function advanceFile(
  deps: DeliveryDeps,
  claimed: CommitRecord,
  options: AdvanceOptions,
): Promise<CommitRecord> {
  let record = claimed;
  const finish = (how: Finish) => finishFile(deps, record, options.owner, how);
  const warnings: RecordedWarning[] = [];
  const expired = record.expiresAt !== null && deps.clock() >= record.expiresAt;
  const plan = record.plan;
  if (!plan) return finish({ state: 'error', error: new AppError('FILE_NOT_FOUND') });

  for (const name of writesOf(plan)) {
    const main = MAIN_WRITES.includes(name);
    let write = record.writes[name] ?? { status: 'pending', id: null, sentAt: null, attempts: 0 };

    if (write.status === 'uncertain' && options.resend) {
      deps.onAudit?.({ action: 'commit.resend', outcome: 'success', fileId: record.fileId, plan });
      record =
        (await recordWrite(deps, record, name, { status: 'pending', id: null, sentAt: null })) ?? record;
      write = { ...write, status: 'pending' };
    }
    if (write.status === 'created') continue;
    if (write.status === 'uncertain') {
      if (main) return finish({ state: 'error', error: new AppError('DELIVERY_UNCERTAIN') });
      warnings.push(uncertainWarning(name));
      continue;
    }

    if (write.status === 'in_flight') {
      const settleEnd = settledAt(deps, write.sentAt ?? 0);
      if (deps.clock() < settleEnd && !expired) {
        return finish({ state: 'queued', reason: 'WRITE_UNSETTLED', nextAttemptAt: settleEnd });
      }
      const found = await resolveUnsettled(deps.alex, record, name);
      if (found.kind === 'failed') return queueOrFail(found.error);
      if (found.kind === 'found') {
        record =
          (await recordWrite(deps, record, name, {
            status: 'created',
            id: found.id,
            sentAt: write.sentAt,
          })) ?? record;
        deps.logger?.info('commit adopted a write found after the settle window', {
          fileId: record.fileId,
          write: name,
        });
        deps.onAudit?.({
          action: 'commit.adopted',
          outcome: 'success',
          fileId: record.fileId,
          plan,
          resource: { type: resourceTypeOf(name), id: found.id },
        });
        continue;
      }
      if (found.kind === 'uncheckable' || expired) {
        record =
          (await recordWrite(deps, record, name, { status: 'uncertain', id: null, sentAt: write.sentAt })) ??
          record;
        if (main) return finish({ state: 'error', error: new AppError('DELIVERY_UNCERTAIN') });
        warnings.push(uncertainWarning(name));
        continue;
      }
      // Absent after the settle window: it never landed, so it is written again, same identifier.
    }

    if (main && expired) return finish({ state: 'error', error: new AppError('DELIVERY_EXPIRED') });
    let resource: fhir4.Resource;
    try {
      resource = await buildWrite(deps, record, name);
    } catch (error) {
      if (isStoreUnavailable(error))
        return finish({ state: 'error', error: new AppError('STORE_UNAVAILABLE') });
      if (!main) {
        warnings.push(notCreatedWarning(name, error instanceof AppError ? error : new AppError('INTERNAL')));
        continue;
      }
      throw error;
    }
    const sent = await sendWrite(deps, record, name, resource, options.owner);
    record = sent.record;
    if (sent.kind === 'created') continue;
    if (sent.kind === 'not-sent') return finish({ state: 'error', error: sent.error });
    if (sent.kind === 'ambiguous') {
      if (!main) {
        record =
          (await recordWrite(deps, record, name, { status: 'uncertain', id: null, sentAt: deps.clock() })) ??
          record;
        warnings.push(uncertainWarning(name));
        continue;
      }
      const sentAt = record.writes[name]?.sentAt ?? deps.clock();
      return finish({
        state: 'queued',
        reason: 'WRITE_UNSETTLED',
        nextAttemptAt: settledAt(deps, sentAt),
        // The store just failed after the write: the record and its job already say all that is
        // needed, and waiting on the store again would only delay the answer past 2 s.
        storeDown: sent.error.code === 'STORE_UNAVAILABLE',
      });
    }
    if (!main) {
      warnings.push(notCreatedWarning(name, sent.error));
      continue;
    }
    if (sent.kind === 'refused') return finish({ state: 'error', error: sent.error });
    return queueOrFail(sent.error);
  }
  // Every main write exists (also when a previous run created them and died before this step).
  await deps.staging.markCommitted(record.fileId).catch(() => undefined);
  return finish({ state: 'committed', warnings });

  function queueOrFail(error: AppError): Promise<CommitRecord> {
    const queueable = QUEUEABLE.has(error.code) && (options.background || plan?.delivery !== 'now');
    if (!queueable) return finish({ state: 'error', error });
    const attempts = record.deliveryAttempts + 1;
    const backoff = nextDeliveryDelayMs(attempts, deps.timings.retryBaseSeconds);
    // Only a Retry-After ALEX itself sent counts; the client's own default must not stretch the backoff.
    const sent = error.cause instanceof AlexHttpError ? error.cause.retryAfterSeconds : undefined;
    const retryAfter = (sent ?? 0) * 1000;
    return finish({
      state: 'queued',
      reason: error.code as 'PRACTICE_OFFLINE',
      nextAttemptAt: deps.clock() + Math.max(backoff, retryAfter),
      deliveryAttempts: attempts,
    });
  }
}

const FOLLOW_UP_WORDS: Record<WriteName, { code: string; what: string }> = {
  media: { code: 'MEDIA', what: 'photo' },
  document: { code: 'DOCUMENT', what: 'Scan document' },
  inbox: { code: 'INBOX', what: 'inbox message' },
  task: { code: 'TASK', what: 'task' },
};

function uncertainWarning(name: WriteName): RecordedWarning {
  const { code, what } = FOLLOW_UP_WORDS[name];
  return {
    code: `${code}_UNCERTAIN`,
    message: `The photo was saved, but Medtech may or may not have created the ${what}, and the gateway cannot check. Look in Medtech; if it is missing, commit again with "resend": true.`,
    retryable: false,
  };
}

function notCreatedWarning(name: WriteName, reason: AppError): RecordedWarning {
  const { code, what } = FOLLOW_UP_WORDS[name];
  return {
    code: `${code}_NOT_CREATED`,
    message: `The photo was saved, but the ${what} could not be created: ${reason.message} Commit again to retry only the ${what}.`,
    retryable: reason.retryable,
  };
}
