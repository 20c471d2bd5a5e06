import { assertFacilityAllowed } from '../facilities';
import { AppError } from '../../errors';
import { isStoreUnavailable } from '../../stores';
import { NO_EVENTS } from '../events';
import { getJson, updateJson } from '../../stores/update-record';
import { declareUploads } from './declare-uploads';
import { groupFileIds, releaseEncounterBytes } from './ledgers';
import { COMMITTED_RECORD_TTL_SECONDS } from './retention';
import { THUMBNAIL_EDGE_PX } from '../../schemas/limits';
import { receiveUpload } from './receive-upload';
import { abandonUpload, claimUpload, releaseWhenStoreIsBack, type UploadClaim } from './upload-claim';
import type { StagingContext, StagingDeps } from './staging-context';
import { bytesKey, fileKey } from './staging-keys';
import { toCommitted } from './staged-file';
import type {
  CommittedFile,
  DeclaredUpload,
  FileDeclaration,
  ReadyFile,
  StagedFile,
  StagingCaller,
  UploadContext,
} from './staging-types';

/**
 * Staging: declared uploads, the bytes the phone or desktop sends, and the clean JPEGs waiting
 * to be committed. Request-facing methods take a `StagingCaller` and answer 404 FILE_NOT_FOUND
 * for a file the caller may not see, so a phone can never learn that another session's file
 * exists. The last three methods are the API the commit step uses.
 */
export interface StagingService {
  /** upload-initiate: one `awaiting_upload` record per file, bound to `context`. */
  declare(context: UploadContext, files: FileDeclaration[]): Promise<DeclaredUpload>;
  /**
   * Claims the file for one upload before its body is read: 404 when the caller may not see it,
   * 409 UPLOAD_ALREADY_RECEIVED when ready or committed, 409 UPLOAD_IN_PROGRESS while another
   * upload of it is being received or processed. Pass the claim to `upload`, or give it back
   * with `abandonUpload` when the body never arrives.
   */
  beginUpload(fileId: string, caller: StagingCaller): Promise<UploadClaim>;
  /** Puts a claimed file back as it was (awaiting_upload, or failed with its error). */
  abandonUpload(claim: UploadClaim): Promise<void>;
  /**
   * Runs the bytes through the image pipeline under `claim` (or claims the file first);
   * 409 when already received or in progress, 415/422 when refused (the file is then `failed`).
   */
  upload(fileId: string, caller: StagingCaller, bytes: Buffer, claim?: UploadClaim): Promise<ReadyFile>;
  /** The file's record, when `caller` may see it; 404 otherwise (GET attachments/:fileId). */
  viewFile(fileId: string, caller: StagingCaller): Promise<StagedFile>;
  /** The staged JPEG, or a thumbnail of at most 320 px; 404 unless the file is `ready`. */
  readContent(fileId: string, caller: StagingCaller, variant: 'full' | 'thumbnail'): Promise<Buffer>;
  /** Removes record and bytes at once; 409 FILE_ALREADY_COMMITTED for a committed file. */
  remove(fileId: string, caller: StagingCaller): Promise<void>;
  /** The files of one upload session (a phone session), in the order they were declared. */
  listFiles(uploadSessionId: string): Promise<StagedFile[]>;

  /** Commit API: the file record, or undefined when unknown, expired or deleted. No access check. */
  getFile(fileId: string): Promise<StagedFile | undefined>;
  /** Commit API: the staged JPEG of a `ready` file, or undefined. No access check. */
  getBytes(fileId: string): Promise<Buffer | undefined>;
  /**
   * Commit API: `ready` -> `committed` (idempotent). Deletes the bytes and keeps the record for
   * 24 h. Resolves to the committed record, or undefined when the file is absent or deleted, or
   * was never `ready` (its status is then unchanged).
   */
  markCommitted(fileId: string): Promise<CommittedFile | undefined>;
  /** Commit API: deletes the staged bytes (a delivery that expired); the record stays for its view. */
  discardBytes(fileId: string): Promise<void>;
  /** Commit API: keeps the file and its bytes at least `ttlSeconds` more (an uncertain write may be resent). */
  keepBytes(fileId: string, ttlSeconds: number): Promise<void>;
}

const fileNotFound = () => new AppError('FILE_NOT_FOUND');

/** Creates the staging service over the shared key-value store and the image pipeline. */
export function createStagingService(deps: StagingDeps): StagingService {
  const ctx: StagingContext = { ...deps, clock: deps.clock ?? Date.now, notify: deps.notify ?? NO_EVENTS };
  const { store, config } = ctx;

  async function getFile(fileId: string): Promise<StagedFile | undefined> {
    const file = await getJson<StagedFile>(store, fileKey(fileId));
    return file && !file.deleted ? file : undefined;
  }

  /** The file, when `caller` may touch it for `purpose`; otherwise 404 (or 403 for a facility no longer allowed). */
  async function fileFor(fileId: string, caller: StagingCaller, purpose: 'read' | 'upload' | 'delete') {
    const file = await getFile(fileId);
    if (!file) throw fileNotFound();
    if (caller.kind === 'mobile') {
      if (file.sessionId !== caller.sessionId) throw fileNotFound();
      return file;
    }
    // Uploads use the credential kind of the initiate: a phone's file takes bytes from that phone only.
    if (purpose === 'upload' && file.sessionId !== null) throw fileNotFound();
    if (caller.facilityId !== undefined && caller.facilityId !== file.facilityId) throw fileNotFound();
    assertFacilityAllowed(config, file.facilityId);
    return file;
  }

  return {
    declare: (context, files) => declareUploads(ctx, context, files),

    async beginUpload(fileId, caller) {
      return claimUpload(ctx, await fileFor(fileId, caller, 'upload'));
    },

    abandonUpload: (claim) => abandonUpload(ctx, claim),

    async upload(fileId, caller, bytes, claim) {
      let file: StagedFile;
      try {
        file = await fileFor(fileId, caller, 'upload');
      } catch (error) {
        // The store failed before the upload began: the claim taken for it must not be left behind.
        if (claim && isStoreUnavailable(error)) releaseWhenStoreIsBack(ctx, claim);
        throw error;
      }
      return receiveUpload(ctx, file, bytes, claim);
    },

    viewFile: (fileId, caller) => fileFor(fileId, caller, 'read'),

    async readContent(fileId, caller, variant) {
      const file = await fileFor(fileId, caller, 'read');
      const bytes = file.status === 'ready' ? await store.getBytes(bytesKey(fileId)) : undefined;
      if (!bytes) throw fileNotFound();
      return variant === 'thumbnail' ? ctx.images.thumbnail(bytes, THUMBNAIL_EDGE_PX) : bytes;
    },

    async remove(fileId, caller) {
      await fileFor(fileId, caller, 'delete');
      await ctx.removalGate?.(fileId, caller.kind === 'mobile' ? 'phone' : 'apiKey');
      let committed = false;
      // A tombstone first, by compare-and-set, so a commit finishing at this instant either
      // wins (and we answer 409) or finds the file gone; never both.
      const doomed = await updateJson<StagedFile>(store, fileKey(fileId), (current) => {
        committed = current.status === 'committed';
        return committed || current.deleted ? undefined : { ...current, deleted: true };
      });
      if (committed) throw new AppError('FILE_ALREADY_COMMITTED');
      if (!doomed) throw fileNotFound();
      await store.delete(bytesKey(fileId), fileKey(fileId));
      ctx.notify.fileChanged(doomed.uploadSessionId, fileId);
      await releaseEncounterBytes(store, doomed, fileId);
    },

    async listFiles(uploadSessionId) {
      const ids = await groupFileIds(store, uploadSessionId);
      const files = await Promise.all(ids.map(getFile));
      return files
        .map((file, index) => file && { ...file, position: file.position || index + 1 })
        .filter((file): file is StagedFile => file !== undefined);
    },

    getFile,

    async getBytes(fileId) {
      const file = await getFile(fileId);
      return file?.status === 'ready' ? store.getBytes(bytesKey(fileId)) : undefined;
    },

    async discardBytes(fileId) {
      await store.delete(bytesKey(fileId));
    },

    async keepBytes(fileId, ttlSeconds) {
      const bytes = await store.getBytes(bytesKey(fileId));
      const record = await store.get(fileKey(fileId));
      if (bytes) await store.set(bytesKey(fileId), bytes, ttlSeconds);
      if (record) await store.set(fileKey(fileId), record, ttlSeconds);
    },

    async markCommitted(fileId) {
      const committedAt = new Date(ctx.clock()).toISOString();
      const existing = await getFile(fileId);
      if (existing?.status === 'committed') return existing;
      const committed = await updateJson<StagedFile, CommittedFile>(
        store,
        fileKey(fileId),
        (current) =>
          current.deleted || current.status !== 'ready' ? undefined : toCommitted(current, committedAt),
        { ttlSeconds: COMMITTED_RECORD_TTL_SECONDS },
      );
      if (!committed) {
        // Another commit may have won the race; that is still a committed file.
        const now = await getFile(fileId);
        return now?.status === 'committed' ? now : undefined;
      }
      await store.delete(bytesKey(fileId));
      ctx.notify.fileChanged(committed.uploadSessionId, fileId);
      await releaseEncounterBytes(store, committed, fileId);
      return committed;
    },
  };
}
