import { toAppError } from '../../errors';
import type { CommitWarning } from '../../schemas/commit';
import { buildCommunication, buildTask, type FollowUpInput } from '../../fhir/builders/follow-ups';
import { toNzDateTime } from '../../fhir/builders/nz-time';
import type { CommitRecord } from './commit-record';
import type { CommitFileDeps, FileToCommit } from './commit-types';
import { ownedCreate } from './owned-write';

/**
 * Creates the inbox message and the task asked for and not yet created for a committed Media.
 * A failure is a warning on the file (the photo is saved), never an error; a later commit of the
 * same file creates only what is still missing.
 */
export async function createFollowUps(
  deps: CommitFileDeps,
  job: FileToCommit,
  record: CommitRecord,
  wants: { wantsInbox: boolean; wantsTask: boolean },
  owner: string,
): Promise<CommitRecord> {
  const base: FollowUpInput = {
    imageId: record.imageId,
    patientId: job.file.patientId,
    mediaId: record.mediaId ?? '',
    providerId: job.providerId,
    at: toNzDateTime(new Date(deps.clock())),
  };
  const warnings: CommitWarning[] = [];
  const create = async (resource: fhir4.Resource, what: 'inbox message' | 'task', code: string) => {
    try {
      return await ownedCreate(deps, job.file.facilityId, resource, record, owner);
    } catch (error) {
      const reason = toAppError(error);
      warnings.push({
        code,
        message: `The photo was saved, but the ${what} could not be created: ${reason.message} Commit again to retry only the ${what}.`,
        retryable: reason.retryable,
      });
      return null;
    }
  };
  let { inboxMessageId, taskId } = record;
  const inbox = job.input.alsoInbox;
  if (wants.wantsInbox && !inboxMessageId && inbox?.recipientId) {
    inboxMessageId = await create(
      buildCommunication(base, inbox.recipientId, inbox.note),
      'inbox message',
      'INBOX_NOT_CREATED',
    );
  }
  const task = job.input.alsoTask;
  if (wants.wantsTask && !taskId && task?.assigneeId) {
    taskId = await create(
      buildTask(base, task.assigneeId, { due: task.due, note: task.note }),
      'task',
      'TASK_NOT_CREATED',
    );
  }
  return { ...record, inboxMessageId, taskId, warnings };
}
