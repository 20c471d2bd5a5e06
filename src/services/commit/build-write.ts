import { AppError } from '../../errors';
import { hasImage } from '../staging';
import { buildCommunication, buildTask, type FollowUpInput } from '../../fhir/builders/follow-ups';
import { buildMedia } from '../../fhir/builders/media';
import { toNzDateTime } from '../../fhir/builders/nz-time';
import type { WriteName } from './commit-plan';
import type { DeliveryDeps } from './delivery-types';
import type { CommitRecord } from './write-ahead-record';

/**
 * The FHIR resource of one write, built from the plan and the staged file only. Main writes
 * need the staged JPEG: without it (expired, deleted) the write cannot be made: FILE_NOT_FOUND.
 */
export async function buildWrite(
  deps: DeliveryDeps,
  record: CommitRecord,
  name: WriteName,
): Promise<fhir4.Resource> {
  const plan = record.plan;
  if (!plan) throw new AppError('INTERNAL', { cause: new Error('commit record without a plan') });
  if (name === 'inbox' || name === 'task') {
    const input = followUpInput(deps, record);
    if (name === 'inbox' && plan.inbox)
      return buildCommunication(input, plan.inbox.recipientId, plan.inbox.note);
    if (name === 'task' && plan.task) {
      return buildTask(input, plan.task.assigneeId, { due: plan.task.due, note: plan.task.note });
    }
    throw new AppError('INTERNAL', { cause: new Error(`no ${name} in the plan`) });
  }
  const file = await deps.staging.getFile(record.fileId);
  const jpeg = await deps.staging.getBytes(record.fileId);
  if (!file || !jpeg || !hasImage(file)) throw new AppError('FILE_NOT_FOUND');
  if (name === 'document') {
    if (!deps.scanDocument) throw new AppError('INTERNAL', { cause: new Error('Scan target not wired') });
    return deps.scanDocument({ imageId: record.imageId, plan, jpeg, file });
  }
  return buildMedia({
    imageId: record.imageId,
    patientId: plan.patientId,
    encounterId: plan.encounterId,
    createdDateTime: toNzDateTime(new Date(plan.uploadedAt)),
    jpeg,
    width: file.width,
    height: file.height,
    meta: plan.meta,
  });
}

/** Follow-ups point at the Media when there is one, else at the Scan document. */
function followUpInput(deps: DeliveryDeps, record: CommitRecord): FollowUpInput {
  const plan = record.plan as NonNullable<CommitRecord['plan']>;
  const mediaId = record.writes.media?.id ?? null;
  const documentId = record.writes.document?.id ?? null;
  return {
    imageId: record.imageId,
    patientId: plan.patientId,
    mediaId: mediaId ?? '',
    focus: mediaId ? `Media/${mediaId}` : `DocumentReference/${documentId ?? ''}`,
    providerId: plan.providerId,
    at: toNzDateTime(new Date(deps.clock())),
  };
}
