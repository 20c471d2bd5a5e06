import { randomUUID } from 'node:crypto';
import { AppError, type ErrorDetail } from '../../errors';
import { setJson } from '../../stores/update-record';
import { appendToGroup, reserveEncounterBytes } from './ledgers';
import { ACCEPTED_UPLOAD_TYPES } from '../../schemas/limits';
import type { StagingContext } from './staging-context';
import { fileKey } from './staging-keys';
import type { AwaitingUploadFile, DeclaredUpload, FileDeclaration, UploadContext } from './staging-types';

const accepted = new Set<string>(ACCEPTED_UPLOAD_TYPES);
/**
 * What a browser declares when it does not know a file's type (HEIC on many Android and desktop
 * browsers; the phone page's own fallback). The bytes decide at upload (GATEWAY-API.md: the type
 * is decided by the bytes, never by the declared type), so this is not refused here.
 */
const UNKNOWN_TYPE = 'application/octet-stream';

/** `Image/JPEG; charset=x` -> `image/jpeg`: browsers differ in case and parameters. */
export const normaliseType = (contentType: string) => contentType.split(';')[0].trim().toLowerCase();

/**
 * Refuses what the caller declares before any byte is sent: a named type outside the five
 * accepted ones (415; an unknown `application/octet-stream` is let through) or a size over
 * IMAGE_MAX_INPUT_BYTES (413), naming each offending field. The bytes are checked again on
 * upload; the declaration only saves the phone a wasted upload.
 */
export function checkDeclarations(files: FileDeclaration[], maxInputBytes: number): void {
  const badTypes: ErrorDetail[] = [];
  const tooLarge: ErrorDetail[] = [];
  files.forEach((file, index) => {
    const declared = normaliseType(file.contentType);
    if (!accepted.has(declared) && declared !== UNKNOWN_TYPE) {
      badTypes.push({
        path: `files.${index}.contentType`,
        problem: `must be one of ${ACCEPTED_UPLOAD_TYPES.join(', ')} (or ${UNKNOWN_TYPE} when unknown)`,
      });
    }
    if (file.sizeBytes > maxInputBytes) {
      tooLarge.push({ path: `files.${index}.sizeBytes`, problem: `must be at most ${maxInputBytes} bytes` });
    }
  });
  if (badTypes.length > 0) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { details: badTypes });
  if (tooLarge.length > 0) throw new AppError('FILE_TOO_LARGE', { details: tooLarge });
}

/** Creates one `awaiting_upload` record per declared file, bound to the context. */
export async function declareUploads(
  ctx: StagingContext,
  context: UploadContext,
  files: FileDeclaration[],
): Promise<DeclaredUpload> {
  const { config, store, clock } = ctx;
  const ttlSeconds = config.store.stagingTtlSeconds;
  checkDeclarations(files, config.images.maxInputBytes);

  const nowMs = clock();
  const uploadSessionId = context.sessionId ?? randomUUID();
  const expiresAt = context.expiresAt ?? new Date(nowMs + ttlSeconds * 1000).toISOString();
  const records = files.map((file): AwaitingUploadFile => ({
    fileId: randomUUID(),
    clientRef: file.clientRef,
    uploadSessionId,
    sessionId: context.sessionId ?? null,
    facilityId: context.facilityId,
    patientId: context.patientId,
    encounterId: context.encounterId,
    status: 'awaiting_upload',
    declaredContentType: normaliseType(file.contentType),
    declaredBytes: file.sizeBytes,
    createdAt: new Date(nowMs).toISOString(),
    expiresAt,
    contentType: null,
    sizeBytes: null,
    width: null,
    height: null,
    sha256: null,
    originalBytes: null,
    originalType: null,
    uploadedAt: null,
    committedAt: null,
    error: null,
    processing: null,
    // Set below, once the session's order is known.
    position: 0,
  }));

  await reserveEncounterBytes(
    store,
    context,
    Object.fromEntries(records.map((record) => [record.fileId, record.declaredBytes])),
    ttlSeconds,
  );
  // The group first: its compare-and-set orders parallel initiates of one session, and the
  // position each file gets there is the label phone and desktop both show.
  const positions = await appendToGroup(
    store,
    uploadSessionId,
    records.map((record) => record.fileId),
    ttlSeconds,
  );
  records.forEach((record, index) => (record.position = positions[index]));
  await Promise.all(records.map((record) => setJson(store, fileKey(record.fileId), record, ttlSeconds)));
  for (const record of records) ctx.notify.fileChanged(uploadSessionId, record.fileId);
  return {
    uploadSessionId,
    files: records.map(({ clientRef, fileId, position }) => ({ clientRef, fileId, expiresAt, position })),
  };
}
