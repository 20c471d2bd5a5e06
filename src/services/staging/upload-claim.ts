import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors';
import { updateJson } from '../../stores/update-record';
import { STALE_PROCESSING_MS } from './retention';
import type { StagingContext } from './staging-context';
import { fileKey } from './staging-keys';
import type { FileStatus, ProcessingClaim, StagedFile } from './staging-types';
import { heldBy, toProcessing, toUnclaimed, type BeforeClaim } from './staged-file';

/**
 * The right to receive one upload of one file. It is taken before the body is read, so a second
 * upload of the same file, on this process or another, is refused (409 UPLOAD_IN_PROGRESS)
 * without buffering its bytes.
 */
export type UploadClaim = {
  fileId: string;
  attemptId: string;
} & BeforeClaim; // What the file was before the claim: an abandoned upload puts it back.

const fileNotFound = () => new AppError('FILE_NOT_FOUND');

/**
 * awaiting_upload | failed -> processing, as one compare-and-set, so of two uploads racing for
 * one file exactly one is received and the other hears 409. A claim left behind by a crashed
 * process goes stale and may be retaken, so a file can never be stuck in processing.
 */
export async function claimUpload(ctx: StagingContext, file: StagedFile): Promise<UploadClaim> {
  const attemptId = randomUUID();
  const nowMs = ctx.clock();
  let seen: FileStatus | 'deleted' | undefined;
  let before: BeforeClaim = { previous: 'awaiting_upload', previousError: null };
  const claimed = await updateJson<StagedFile>(ctx.store, fileKey(file.fileId), (current) => {
    seen = current.deleted ? 'deleted' : current.status;
    if (current.deleted || current.status === 'ready' || current.status === 'committed') return undefined;
    if (current.status === 'processing' && !isStale(current.processing, nowMs)) return undefined;
    before =
      current.status === 'failed'
        ? { previous: 'failed', previousError: current.error }
        : { previous: 'awaiting_upload', previousError: null };
    return toProcessing(current, attemptId, new Date(nowMs).toISOString());
  });
  if (claimed) return { fileId: file.fileId, attemptId, ...before };
  if (seen === undefined || seen === 'deleted') throw fileNotFound();
  if (seen === 'processing') {
    throw new AppError('UPLOAD_IN_PROGRESS', {
      details: [{ path: 'fileId', problem: 'another upload of this file is being received' }],
    });
  }
  throw new AppError('UPLOAD_ALREADY_RECEIVED', {
    details: [{ path: 'fileId', problem: `the file is already ${seen}` }],
  });
}

/**
 * Gives back a claim whose body never arrived (aborted, cut off, malformed, or refused by the
 * budget): the file returns to what it was, with its earlier error, and may be uploaded again.
 * A no-op when the claim was settled, retaken or the file deleted meanwhile.
 */
export async function abandonUpload(ctx: StagingContext, claim: UploadClaim): Promise<void> {
  await updateJson<StagedFile>(ctx.store, fileKey(claim.fileId), (current) =>
    current.status === 'processing' && heldBy(current, claim.attemptId)
      ? toUnclaimed(current, claim)
      : undefined,
  );
}

/** How long an upload whose store failed keeps trying to give its claim back. */
const RELEASE_TRIES = 120;
const RELEASE_EVERY_MS = 1000;

/**
 * The store failed in the middle of an upload, so its claim (`processing`) could not be given
 * back: keep trying in the background until the store answers again, so the phone can upload
 * the file again at once instead of waiting out a stale claim (GATEWAY-API.md, "The store").
 */
export function releaseWhenStoreIsBack(ctx: StagingContext, claim: UploadClaim): void {
  // Until it is given back, this process treats the claim as stale: a retry here may take it over.
  interrupted.add(claim.attemptId);
  let tries = 0;
  const attempt = () => {
    tries += 1;
    abandonUpload(ctx, claim)
      .then(() => interrupted.delete(claim.attemptId))
      .catch(() => {
        if (tries < RELEASE_TRIES) setTimeout(attempt, RELEASE_EVERY_MS).unref();
        else interrupted.delete(claim.attemptId);
      });
  };
  attempt();
}

/** Claims of uploads in this process that the store interrupted (they hold nothing any more). */
const interrupted = new Set<string>();

/** A claim left behind by a crashed process, or by an upload here that the store interrupted. */
const isStale = (claim: ProcessingClaim | null, nowMs: number) =>
  claim !== null &&
  (nowMs - Date.parse(claim.startedAt) > STALE_PROCESSING_MS || interrupted.has(claim.attemptId));
