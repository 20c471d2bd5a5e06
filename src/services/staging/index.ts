/**
 * Staging: the files a phone or the desktop has declared and sent, their bytes and their
 * lifecycle. The only import path into this folder; the commit step (services/commit) reads
 * staged files through `StagingService.getFile`, `getBytes` and `markCommitted`.
 */
export { createStagingService, type StagingService } from './staging-service';
export type { StagingDeps } from './staging-context';
export type { UploadClaim } from './upload-claim';
export { createUploadBudget, type UploadBudget, type UploadLease } from './upload-budget';
export {
  FILE_STATUSES,
  type DeclaredUpload,
  type FileDeclaration,
  type FileError,
  type FileStatus,
  type AwaitingUploadFile,
  type CommittedFile,
  type FailedFile,
  type ImagedFile,
  type ProcessingFile,
  type ReadyFile,
  type StagedFile,
  type StagedImage,
  type StagingCaller,
  type UploadContext,
} from './staging-types';
export { COMMITTED_RECORD_TTL_SECONDS } from './retention';
export { hasImage } from './staged-file';
