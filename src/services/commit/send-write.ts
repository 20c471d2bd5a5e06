import { AppError, toAppError } from '../../errors';
import { isStoreUnavailable, StoreUnavailableError } from '../../stores';
import { classifyWriteFailure, type WriteFailureClass } from '../alex';
import type { WriteName } from './commit-plan';
import { assertConformant } from './conformance-guard';
import { resourceTypeOf, type DeliveryDeps } from './delivery-types';
import type { CommitRecord } from './write-ahead-record';

/** What became of one write this run sent. */
export type SendOutcome =
  | { kind: 'created'; record: CommitRecord; id: string }
  /** The write may be in ALEX: the record still says `in_flight`, so the settle rules apply. */
  | { kind: 'ambiguous'; record: CommitRecord; error: AppError }
  | { kind: 'refused' | 'not-created'; record: CommitRecord; error: AppError }
  /** Nothing was sent: the write-ahead mark could not be made (store down, file taken over). */
  | { kind: 'not-sent'; record: CommitRecord; error: AppError };

/** The settle window never ends before a write's own timeout could have. */
export const settledAt = (deps: DeliveryDeps, sentAt: number) => sentAt + deps.timings.settleMs;

/**
 * Sends one write under the write-ahead rule (GATEWAY-API.md rule 1): first its delivery job
 * is scheduled for the end of the settle window and the record marks it `in_flight` since now,
 * in one compare-and-set that also proves this run still owns the file; only then is it sent.
 * If either step fails, nothing is sent. The answer is classified by the one function that
 * decides outcome classes, and recorded; if recording fails the record still says `in_flight`,
 * which is what the write is: ambiguous, resolved later by the delivery job.
 */
export async function sendWrite(
  deps: DeliveryDeps,
  record: CommitRecord,
  name: WriteName,
  resource: fhir4.Resource,
  owner: string,
): Promise<SendOutcome> {
  assertConformant(resource);
  const facilityId = record.plan?.facilityId ?? '';
  return deps.limit(facilityId, async () => {
    const sentAt = deps.clock();
    let marked: CommitRecord | undefined;
    try {
      await deps.queue.schedule(record.fileId, settledAt(deps, sentAt)).catch((error: unknown) => {
        throw new StoreUnavailableError(error);
      });
      [, marked] = await deps.records.change(record.fileId, (current) => {
        if (current.owner !== owner || current.state === 'deleted') return undefined;
        const previous = current.writes[name];
        return {
          ...current,
          leaseUntil: sentAt + deps.timings.leaseMs,
          writes: {
            ...current.writes,
            [name]: { status: 'in_flight', id: null, sentAt, attempts: (previous?.attempts ?? 0) + 1 },
          },
        };
      });
    } catch (error) {
      return { kind: 'not-sent', record, error: toAppError(error) };
    }
    if (!marked) return { kind: 'not-sent', record, error: new AppError('COMMIT_IN_PROGRESS') };

    let id: string;
    try {
      id = (await deps.alex.create(facilityId, resource)).id;
    } catch (error) {
      const kind: WriteFailureClass = classifyWriteFailure(error);
      if (kind === 'ambiguous') return { kind, record: marked, error: toAppError(error) };
      const released = await recordWrite(deps, marked, name, { status: 'pending', id: null, sentAt: null });
      // Recording "not created" failed: the record still says in_flight, so it is handled as ambiguous.
      if (!released) return { kind: 'ambiguous', record: marked, error: toAppError(error) };
      return { kind, record: released, error: toAppError(error) };
    }
    if (marked.plan) {
      deps.onAudit?.({
        action: 'alex.create',
        outcome: 'success',
        fileId: record.fileId,
        plan: marked.plan,
        resource: { type: resourceTypeOf(name), id },
      });
    }
    const created = await recordWrite(deps, marked, name, { status: 'created', id, sentAt });
    if (!created) {
      // ALEX has it, but the store could not say so: the look-up after the settle window will adopt it.
      return { kind: 'ambiguous', record: marked, error: new AppError('STORE_UNAVAILABLE') };
    }
    return { kind: 'created', record: created, id };
  });
}

/** Writes one write's new state; undefined when the store failed (never throws). */
export async function recordWrite(
  deps: DeliveryDeps,
  record: CommitRecord,
  name: WriteName,
  state: { status: 'pending' | 'created' | 'uncertain'; id: string | null; sentAt: number | null },
): Promise<CommitRecord | undefined> {
  try {
    const [, next] = await deps.records.change(record.fileId, (current) => {
      const previous = current.writes[name];
      return {
        ...current,
        writes: { ...current.writes, [name]: { ...state, attempts: previous?.attempts ?? 0 } },
      };
    });
    return next;
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    deps.logger?.warn('commit record not updated after an ALEX write', {
      fileId: record.fileId,
      write: name,
    });
    return undefined;
  }
}
