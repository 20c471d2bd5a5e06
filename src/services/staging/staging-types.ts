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

/** What every staged file carries, whatever its status. */
interface StagedFileBase {
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
  declaredContentType: string;
  declaredBytes: number;
  /** ISO instants. `expiresAt` is the upload deadline (the phone session's expiry). */
  createdAt: string;
  expiresAt: string;
  /** 1-based order of declaration within its upload session: the label phone and desktop show. */
  position: number;
  /** Internal: a DELETE is removing this record; readers treat it as absent. */
  deleted?: boolean;
}

/** The processed image's facts, present from `ready` on. */
export interface StagedImage {
  contentType: 'image/jpeg';
  sizeBytes: number;
  width: number;
  height: number;
  /** Lower-case hex SHA-256 of the staged JPEG. */
  sha256: string;
  originalBytes: number;
  /** The type the pipeline read from the uploaded bytes, e.g. `image/heic`. */
  originalType: string;
  /** When the processed bytes were staged: the commit uses it for Media.createdDateTime. */
  uploadedAt: string;
  /** Internal: when the photo was taken, read from its EXIF before stripping (the Scan caption). */
  capturedAt?: string | null;
}

/** Before `ready` the record keeps the same keys, as null, so stored records have one shape. */
interface NoImage {
  contentType: null;
  sizeBytes: null;
  width: null;
  height: null;
  sha256: null;
  originalBytes: null;
  originalType: null;
  uploadedAt: null;
  capturedAt?: null;
}

/** The claim of the upload attempt receiving a `processing` file. */
export interface ProcessingClaim {
  attemptId: string;
  startedAt: string;
}

/** Declared by upload-initiate; no bytes yet. */
export type AwaitingUploadFile = StagedFileBase &
  NoImage & { status: 'awaiting_upload'; committedAt: null; error: null; processing: null };

/** Bytes received; the upload attempt in `processing` holds the file while the pipeline runs. */
export type ProcessingFile = StagedFileBase &
  NoImage & { status: 'processing'; committedAt: null; error: null; processing: ProcessingClaim };

/** The bytes were refused (`error` says why); the file may be uploaded again. */
export type FailedFile = StagedFileBase &
  NoImage & { status: 'failed'; committedAt: null; error: FileError; processing: null };

/** A clean JPEG is staged. */
export type ReadyFile = StagedFileBase &
  StagedImage & { status: 'ready'; committedAt: null; error: null; processing: null };

/** Saved to Medtech; the bytes are gone, the record (and its image facts) stays for replays. */
export type CommittedFile = StagedFileBase &
  StagedImage & { status: 'committed'; committedAt: string; error: null; processing: null };

/**
 * One staged file, kept in the store under `staging:file:<fileId>`, told apart by `status`.
 * The stored JSON has the same keys in every status (null where a status has no value), as it
 * always had, so records written before this type was a union still read.
 */
export type StagedFile = AwaitingUploadFile | ProcessingFile | FailedFile | ReadyFile | CommittedFile;

/** A file with a processed image (`ready` or `committed`): what a commit may use. */
export type ImagedFile = ReadyFile | CommittedFile;

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
