import type { ProcessedImage } from '../images';
import type {
  AwaitingUploadFile,
  CommittedFile,
  FailedFile,
  FileError,
  ImagedFile,
  ProcessingFile,
  ReadyFile,
  StagedFile,
} from './staging-types';

/**
 * The status transitions of a staged file, each from the status it may start in to the variant
 * it produces. They keep every other key of the record as it was, so the stored shape does not
 * change.
 */

/** True for a file whose processed image facts are known (`ready` or `committed`). */
export const hasImage = (file: StagedFile): file is ImagedFile =>
  file.status === 'ready' || file.status === 'committed';

/** True when the upload attempt `attemptId` holds the file (and it is not being deleted). */
export const heldBy = (file: StagedFile, attemptId: string): file is ProcessingFile =>
  !file.deleted && file.processing?.attemptId === attemptId;

/** awaiting_upload | failed | a stale processing -> processing, held by `attemptId`. */
export const toProcessing = (
  file: AwaitingUploadFile | FailedFile | ProcessingFile,
  attemptId: string,
  startedAt: string,
): ProcessingFile => ({ ...file, status: 'processing', error: null, processing: { attemptId, startedAt } });

/** processing -> failed: the pipeline refused the bytes. */
export const toFailed = (file: ProcessingFile, error: FileError): FailedFile => ({
  ...file,
  status: 'failed',
  error,
  processing: null,
});

/** processing -> ready: the clean JPEG is staged. */
export const toReady = (file: ProcessingFile, image: ProcessedImage, uploadedAt: string): ReadyFile => ({
  ...file,
  status: 'ready',
  contentType: image.contentType,
  sizeBytes: image.bytes.length,
  width: image.width,
  height: image.height,
  sha256: image.sha256,
  originalBytes: image.originalBytes,
  originalType: image.originalType,
  uploadedAt,
  capturedAt: image.capturedAt ?? null,
  error: null,
  processing: null,
});

/** What a file was before an upload claimed it, to put it back when the body never arrives. */
export type BeforeClaim =
  { previous: 'awaiting_upload'; previousError: null } | { previous: 'failed'; previousError: FileError };

/** processing -> what it was before the claim (awaiting_upload, or failed with its error). */
export const toUnclaimed = (file: ProcessingFile, before: BeforeClaim): AwaitingUploadFile | FailedFile =>
  before.previous === 'failed'
    ? { ...file, status: 'failed', error: before.previousError, processing: null }
    : { ...file, status: 'awaiting_upload', error: null, processing: null };

/** ready -> committed. */
export const toCommitted = (file: ReadyFile, committedAt: string): CommittedFile => ({
  ...file,
  status: 'committed',
  committedAt,
});
