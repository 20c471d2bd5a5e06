import { randomUUID } from 'node:crypto';
import { AppError, toAppError } from '../../errors';
import type { FileCommitResult } from '../../schemas/commit';
import { buildMedia } from '../../fhir/builders/media';
import { toNzDateTime } from '../../fhir/builders/nz-time';
import type { CommitRecord } from './commit-record';
import type { CommitFileDeps, FileToCommit } from './commit-types';
import { createFollowUps } from './create-follow-ups';
import { findLandedMedia } from './find-landed-media';
import { ownedCreate } from './owned-write';

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
    return await ownedCreate(deps, job.file.facilityId, media, record, owner);
  } catch (error) {
    return toAppError(error);
  }
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

export type { CommitFileDeps, FileToCommit } from './commit-types';
