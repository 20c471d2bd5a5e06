import { AppError, toAppError } from '../../errors';
import { getJson, updateJson } from '../../stores/update-record';
import type { ProcessedImage } from '../images';
import type { StagingContext } from './staging-context';
import { bytesKey, fileKey } from './staging-keys';
import type { ProcessingFile, ReadyFile, StagedFile } from './staging-types';
import { heldBy, toFailed, toReady } from './staged-file';
import { isStoreUnavailable } from '../../stores';
import { claimUpload, releaseWhenStoreIsBack, type UploadClaim } from './upload-claim';

const fileNotFound = () => new AppError('FILE_NOT_FOUND');

/** Finishes the attempt that holds the claim; undefined when the file was deleted or retaken meanwhile. */
function settle<Settled extends StagedFile>(
  ctx: StagingContext,
  fileId: string,
  attemptId: string,
  finish: (held: ProcessingFile) => Settled,
  ttlSeconds?: number,
) {
  return updateJson<StagedFile, Settled>(
    ctx.store,
    fileKey(fileId),
    (current) => (heldBy(current, attemptId) ? finish(current) : undefined),
    { ttlSeconds },
  );
}

/**
 * Runs one upload through the image pipeline and stages the clean JPEG. The caller has already
 * checked that `file` belongs to it, and may have claimed it already, before reading the body
 * (`claim`); otherwise the claim is taken here. Pipeline refusals (415, 422) mark the file
 * failed with the same code and message the caller gets, and are rethrown; the file may then be
 * uploaded again, by one upload at a time.
 */
export async function receiveUpload(
  ctx: StagingContext,
  file: StagedFile,
  bytes: Buffer,
  claim?: UploadClaim,
): Promise<ReadyFile> {
  const held = claim ?? (await claimUpload(ctx, file));
  try {
    return await processUnderClaim(ctx, file, bytes, held.attemptId);
  } catch (error) {
    // The store went away mid-upload: give the claim back once it answers, so a retry works.
    if (isStoreUnavailable(error)) releaseWhenStoreIsBack(ctx, held);
    throw error;
  }
}

async function processUnderClaim(
  ctx: StagingContext,
  file: StagedFile,
  bytes: Buffer,
  attemptId: string,
): Promise<ReadyFile> {
  ctx.notify.fileChanged(file.uploadSessionId, file.fileId);
  if (file.sessionId !== null && ctx.sessions) await ctx.sessions.markUploading(file.sessionId);

  let processed: ProcessedImage;
  try {
    processed = await ctx.images.process(bytes);
  } catch (thrown) {
    const error = toAppError(thrown);
    await settle(ctx, file.fileId, attemptId, (held) =>
      toFailed(held, { code: error.code, message: error.message }),
    );
    ctx.notify.fileChanged(file.uploadSessionId, file.fileId);
    throw error;
  }

  const ttlSeconds = ctx.config.store.stagingTtlSeconds;
  await ctx.store.set(bytesKey(file.fileId), processed.bytes, ttlSeconds);
  const uploadedAt = new Date(ctx.clock()).toISOString();
  const ready = await settle(
    ctx,
    file.fileId,
    attemptId,
    (held) => toReady(held, processed, uploadedAt),
    // Staged images live STAGING_TTL_SECONDS from their upload, record and bytes alike.
    ttlSeconds,
  );
  if (ready) ctx.notify.fileChanged(file.uploadSessionId, file.fileId);
  if (!ready) {
    // Deleted while we processed: the DELETE already promised the bytes are gone.
    const current = await getJson<StagedFile>(ctx.store, fileKey(file.fileId));
    if (current === undefined || current.deleted) await ctx.store.delete(bytesKey(file.fileId));
    throw fileNotFound();
  }
  return ready;
}
