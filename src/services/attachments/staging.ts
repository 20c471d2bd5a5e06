/**
 * Staging (uploads) for attachments. The commit orchestration lives beside it in this folder
 * and reads staged files through `StagingService.getFile`, `getBytes` and `markCommitted`.
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
  type StagedFile,
  type StagingCaller,
  type UploadContext,
} from './staging-types';
export {
  ACCEPTED_UPLOAD_TYPES,
  MAX_FILES_PER_REQUEST,
  MAX_TOTAL_BYTES_PER_ENCOUNTER,
  THUMBNAIL_EDGE_PX,
} from './limits';
