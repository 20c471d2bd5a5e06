import { randomUUID } from 'node:crypto';
import { AppError, toAppError } from '../../../errors';
import type { Logger } from '../../../logging/logger';
import type { CommitFileInput, CommitWarning, FileCommitResult } from '../../../schemas/commit';
import { buildMedia, type ImageMeta } from '../../alex/builders/media';
import { buildCommunication, buildTask, type FollowUpInput } from '../../alex/builders/follow-ups';
import { toNzDateTime } from '../../alex/builders/nz-time';
import type { AlexClient } from '../../alex/types';
import type { StagedFile } from '../staging-types';
import type { StagingService } from '../staging-service';
import type { CommitRecord, CommitRecords } from './commit-record';
import type { FacilityLimiter } from './facility-limiter';
import { findLandedMedia } from './find-landed-media';
import { assertConformant } from './conformance-guard';

export interface CommitFileDeps {
  alex: AlexClient;
  staging: StagingService;
  records: CommitRecords;
  limit: FacilityLimiter;
  clock: () => number;
  logger?: Logger;
}

/** One file of a commit request, already validated against its staged record. */
export interface FileToCommit {
  input: CommitFileInput;
  file: StagedFile;
  meta: ImageMeta;
  providerId?: string;
}

/**
 * Commits one file: claim it, create its Media unless one exists, mark it committed (its bytes
 * are then deleted), then create whatever inbox message or task is asked for and still missing.
 * Never throws: every outcome is this file's own result, independent of the others.
 */
export async function commitFile(deps: CommitFileDeps, job: FileToCommit): Promise<FileCommitResult> {
  const { fileId } = job.input;
  const owner = randomUUID();
  const wantsInbox = job.input.alsoInbox?.enabled === true;
  const wantsTask = job.input.alsoTask?.enabled === true;
  const needsWork = (record: CommitRecord) =>
    record.mediaId === null || (wantsInbox && !record.inboxMessageId) || (wantsTask && !record.taskId);

  const claim = await deps.records.claim(fileId, owner, needsWork);
  if (claim.kind === 'busy') return failure(fileId, new AppError('COMMIT_IN_PROGRESS'));
  if (claim.kind === 'done') {
    // An earlier attempt may have created the Media but not finished the staging cleanup.
    await deps.staging.markCommitted(fileId).catch(() => undefined);
    return committed(claim.record, true);
  }

  let record = claim.record;
  try {
    if (record.mediaId === null) {
      const created = await createMedia(deps, job, record, owner);
      if (created instanceof AppError) {
        await deps.records.save(
          {
            ...record,
            phase: 'pending',
            owner: null,
            leaseUntil: null,
            uncertainMedia: record.uncertainMedia || created.code === 'ALEX_TIMEOUT',
          },
          owner,
        );
        return failure(fileId, created);
      }
      record = { ...record, mediaId: created, uncertainMedia: false };
      // The Media exists now: record it before anything else can fail, so a retry never re-creates it.
      if (!(await deps.records.save(record, owner)))
        return failure(fileId, new AppError('COMMIT_IN_PROGRESS'));
    }
    // Also when a previous attempt created the Media but died before this step.
    await deps.staging.markCommitted(fileId);
    record = await createFollowUps(deps, job, record, { wantsInbox, wantsTask }, owner);
    const done: CommitRecord = { ...record, phase: 'committed', owner: null, leaseUntil: null };
    await deps.records.save(done, owner);
    return committed(done, false);
  } catch (error) {
    // Unexpected (store down, a bug): release the claim so a retry can continue from the record.
    const phase = record.mediaId === null ? 'pending' : 'committed';
    await deps.records.save({ ...record, phase, owner: null, leaseUntil: null }, owner).catch(() => false);
    deps.logger?.error('commit file crashed', {
      fileId,
      cause:
        error instanceof Error
          ? { name: error.name, message: error.message, stack: error.stack }
          : String(error),
    });
    return failure(fileId, toAppError(error));
  }
}

/** POST /Media; resolves to the new id, or to the AppError that explains why not. */
async function createMedia(
  deps: CommitFileDeps,
  job: FileToCommit,
  record: CommitRecord,
  owner: string,
): Promise<string | AppError> {
  const jpeg = await deps.staging.getBytes(job.file.fileId);
  if (!jpeg || job.file.width === null || job.file.height === null) return new AppError('FILE_NOT_FOUND');
  const media = buildMedia({
    imageId: record.imageId,
    patientId: job.file.patientId,
    encounterId: job.file.encounterId,
    createdDateTime: toNzDateTime(new Date(job.file.uploadedAt ?? job.file.createdAt)),
    jpeg,
    width: job.file.width,
    height: job.file.height,
    meta: job.meta,
  });
  try {
    if (record.uncertainMedia) {
      const landed = await findLandedMedia(
        deps.alex,
        job.file.facilityId,
        job.file.patientId,
        record.imageId,
      );
      if (landed) return landed;
    }
    assertConformant(media);
    const created = await deps.limit(job.file.facilityId, async () => {
      await assertStillOwner(deps, record, owner);
      return deps.alex.create(job.file.facilityId, media);
    });
    return created.id;
  } catch (error) {
    return toAppError(error);
  }
}

async function createFollowUps(
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
      assertConformant(resource);
      const created = await deps.limit(job.file.facilityId, async () => {
        await assertStillOwner(deps, record, owner);
        return deps.alex.create(job.file.facilityId, resource);
      });
      return created.id;
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

function committed(record: CommitRecord, replayed: boolean): FileCommitResult {
  return {
    fileId: record.fileId,
    status: 'committed',
    mediaId: record.mediaId ?? '',
    documentReferenceId: null,
    inboxMessageId: record.inboxMessageId,
    taskId: record.taskId,
    replayed,
    warnings: record.warnings,
  };
}

function failure(fileId: string, error: AppError): FileCommitResult {
  return {
    fileId,
    status: 'error',
    error: { code: error.code, message: error.message, retryable: error.retryable },
  };
}

/** Renews the lease just before an ALEX write; throws COMMIT_IN_PROGRESS when another request took the file over. */
async function assertStillOwner(deps: CommitFileDeps, record: CommitRecord, owner: string): Promise<void> {
  const current = await deps.records.get(record.fileId);
  if (
    !current ||
    current.owner !== owner ||
    !(await deps.records.save({ ...current, phase: 'in_progress' }, owner))
  ) {
    throw new AppError('COMMIT_IN_PROGRESS');
  }
}
