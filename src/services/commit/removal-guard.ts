import { AppError } from '../../errors';
import type { DeliveryDeps } from './delivery-types';
import { hasWriteInFlight, isLeased, type CommitRecord } from './write-ahead-record';

/**
 * Delete versus commit (GATEWAY-API.md, "Delete"), decided in one compare-and-set on the commit
 * record: the tombstone lands only when no write of the file is in flight or unsettled and none
 * can start, so "deleted" and "sent to Medtech" are never both true. A queued file (retryable,
 * nothing unsettled) or a DELIVERY_UNCERTAIN one may be deleted: its delivery is cancelled. The
 * phone may delete only files no commit has named.
 */
export async function guardRemoval(
  deps: DeliveryDeps,
  fileId: string,
  by: 'phone' | 'apiKey',
): Promise<void> {
  const now = deps.clock();
  const refusal = (current: CommitRecord): AppError | undefined => {
    if (current.state === 'committed') return new AppError('FILE_ALREADY_COMMITTED');
    if (isLeased(current, now) || hasWriteInFlight(current)) return new AppError('COMMIT_IN_PROGRESS');
    if (by === 'phone' && current.state !== 'new' && current.state !== 'deleted')
      return new AppError('COMMIT_IN_PROGRESS', {
        message: 'This photo is being saved from the computer and can no longer be removed from the phone.',
      });
    return undefined;
  };
  const [before, after] = await deps.records.change(fileId, (current) =>
    current.state === 'deleted' || refusal(current)
      ? undefined
      : { ...current, state: 'deleted', owner: null, leaseUntil: null, nextAttemptAt: null, reason: null },
  );
  if (!after) {
    const refused = refusal(before);
    if (refused) throw refused;
    return;
  }
  if (before.state !== 'new') {
    await deps.queue.cancel(fileId).catch(() => undefined);
    deps.logger?.info('queued delivery cancelled by a delete', { fileId });
  }
  deps.onChange?.(fileId);
}
