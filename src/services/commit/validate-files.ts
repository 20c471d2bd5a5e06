import { AppError, type ErrorDetail } from '../../errors';
import type { CommitRequest } from '../../schemas/commit';
import type { KeyValueStore } from '../../stores/types';
import { hasImage, type ImagedFile, type StagingService } from '../staging';

/**
 * Loads every file of a commit and checks it belongs to the request's facility, patient and
 * encounter and is ready (or already committed, for a replay). A file of another patient is
 * reported exactly like a missing one, so ids cannot be probed. Nothing reaches ALEX unless
 * every file passes.
 */
export async function loadCommitFiles(staging: StagingService, body: CommitRequest): Promise<ImagedFile[]> {
  const files = await Promise.all(body.files.map((file) => staging.getFile(file.fileId)));
  const missing: ErrorDetail[] = [];
  const notReady: ErrorDetail[] = [];
  files.forEach((file, index) => {
    const path = `files.${index}.fileId`;
    if (
      !file ||
      file.facilityId !== body.facilityId ||
      file.patientId !== body.patientId ||
      file.encounterId !== body.encounterId
    ) {
      missing.push({ path, problem: 'no staged photo with this id for this patient and encounter' });
    } else if (!hasImage(file)) {
      notReady.push({ path, problem: `the photo is not ready to save (status: ${file.status})` });
    }
  });
  if (missing.length > 0) throw new AppError('FILE_NOT_FOUND', { details: missing });
  if (notReady.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'Some photos are not ready yet. Wait until every photo shows as ready, then save again.',
      details: notReady,
    });
  }
  // Every file passed both checks above.
  return files as ImagedFile[];
}

/**
 * Binds each widget idempotency key to its file for `ttlSeconds`. The same key later sent with
 * a different file is refused: it would otherwise make two photos look like one.
 */
export async function bindIdempotencyKeys(
  store: KeyValueStore,
  body: CommitRequest,
  ttlSeconds: number,
): Promise<void> {
  const conflicts: ErrorDetail[] = [];
  for (const [index, file] of body.files.entries()) {
    if (!file.idempotencyKey) continue;
    const key = `commit:idempotency:${encodeURIComponent(body.facilityId)}:${encodeURIComponent(file.idempotencyKey)}`;
    if (await store.setIfAbsent(key, file.fileId, ttlSeconds)) continue;
    const boundTo = await store.get(key);
    if (boundTo !== undefined && boundTo !== file.fileId) {
      conflicts.push({ path: `files.${index}.idempotencyKey`, problem: 'already used for another photo' });
    }
  }
  if (conflicts.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'An idempotency key was reused for a different photo.',
      details: conflicts,
    });
  }
}
