import type { Logger } from '../../logging/logger';
import type { CommitFileInput } from '../../schemas/commit';
import type { ImageMeta } from '../../fhir/builders/media';
import type { AlexClient } from '../alex';
import type { StagedFile } from '../staging';
import type { StagingService } from '../staging';
import type { CommitRecords } from './commit-record';
import type { FacilityLimiter } from './facility-limiter';

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
