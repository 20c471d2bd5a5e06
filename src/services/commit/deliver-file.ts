import { randomUUID } from 'node:crypto';
import { toAppError } from '../../errors';
import type { DeliveryStep } from '../delivery';
import { advanceFile } from './advance-file';
import { claimForDelivery } from './claim-file';
import type { DeliveryDeps } from './delivery-types';
import { finishFile } from './finish-file';

/**
 * One background delivery run of a file (the delivery queue's processor): claim it, move it on
 * under the same rules as a commit request, and tell the queue when to come back, if at all.
 * It also finishes what a killed process left: a file whose request died holding the claim is
 * taken over once the lease has lapsed.
 */
export async function deliverFile(deps: DeliveryDeps, fileId: string): Promise<DeliveryStep> {
  const owner = `delivery-${randomUUID()}`;
  const claim = await claimForDelivery(deps, fileId, owner);
  if (claim.kind === 'done') return { kind: 'done' };
  if (claim.kind === 'later') return { kind: 'retry', atMs: claim.atMs };
  let record;
  try {
    record = await advanceFile(deps, claim.record, { owner, resend: false, background: true });
  } catch (error) {
    record = await finishFile(deps, claim.record, owner, { state: 'error', error: toAppError(error) });
  }
  deps.logger?.info('delivery run', {
    fileId,
    state: record.state,
    reason: record.reason ?? undefined,
    code: record.error?.code,
  });
  return record.state === 'queued' && record.nextAttemptAt !== null
    ? { kind: 'retry', atMs: record.nextAttemptAt }
    : { kind: 'done' };
}
