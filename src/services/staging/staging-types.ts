/**
 * Staged uploads: the photos a phone or the desktop has declared and sent, waiting to be
 * tagged and committed to Medtech. These types are the staging API the commit step reads.
 */

import { FILE_STATUSES, type FileStatus } from '../../schemas/statuses';

export { FILE_STATUSES, type FileStatus };

/** Why a file failed, as the caller was told (clinician-safe catalogue text). */
export interface FileError {
  code: string;
  message: string;
}

/** One staged file, kept in the store under `staging:file:<fileId>`. */
export interface StagedFile {
  fileId: string;
  /** The caller's own reference for the file (e.g. the phone's local photo id). */
  clientRef: string;
  /** The phone sessionId for phone uploads, else the upload group of an API-key initiate. */
  uploadSessionId: string;
  /** Set when a phone declared the file: only that session's token may upload or read it. */
  sessionId: string | null;
  facilityId: string;
  patientId: string;
  encounterId: string;
  status: FileStatus;
  declaredContentType: string;
  declaredBytes: number;
  /** ISO instants. `expiresAt` is the upload deadline (the phone session's expiry). */
  createdAt: string;
  expiresAt: string;
  /** The processed image; null until `ready`. */
  contentType: 'image/jpeg' | null;
  sizeBytes: number | null;
  width: number | null;
  height: number | null;
  /** Lower-case hex SHA-256 of the staged JPEG. */
  sha256: string | null;
  originalBytes: number | null;
  /** The type the pipeline read from the uploaded bytes, e.g. `image/heic`. */
  originalType: string | null;
  /** When the processed bytes were staged: the commit uses it for Media.createdDateTime. */
  uploadedAt: string | null;
  /** Internal: when the photo was taken, read from its EXIF before stripping (the Scan caption). */
  capturedAt?: string | null;
  committedAt: string | null;
  error: FileError | null;
  /** 1-based order of declaration within its upload session: the label phone and desktop show. */
  position: number;
  /** Internal: the upload attempt that holds the `processing` claim. */
  processing: { attemptId: string; startedAt: string } | null;
  /** Internal: a DELETE is removing this record; readers treat it as absent. */
  deleted?: boolean;
}

/**
 * Who is asking, as the auth middleware established it. A phone only ever sees its own
 * session's files; an API-key caller may name its facility, which must then match the file's.
 */
export type StagingCaller = { kind: 'mobile'; sessionId: string } | { kind: 'apiKey'; facilityId?: string };

/** The context every declared file is bound to; for the phone it comes from the session only. */
export interface UploadContext {
  facilityId: string;
  patientId: string;
  encounterId: string;
  /** The phone session, or undefined for an API-key caller. */
  sessionId?: string;
  /** Upload deadline (ISO); the phone session's expiry. Defaults to now + STAGING_TTL_SECONDS. */
  expiresAt?: string;
}

export interface FileDeclaration {
  clientRef: string;
  contentType: string;
  sizeBytes: number;
}

export interface DeclaredUpload {
  uploadSessionId: string;
  files: Array<{ clientRef: string; fileId: string; expiresAt: string; position: number }>;
}
