import type { KeyValueStore } from '../../stores/types';
import { updateJson } from '../../stores/update-record';
import { AppError } from '../../errors';
import { groupKey, ledgerKey } from './staging-keys';
import { MAX_TOTAL_BYTES_PER_ENCOUNTER } from '../../schemas/limits';

/**
 * The two small index records staging keeps beside the files: the file ids of each upload
 * session (for the desktop's session view) and the declared bytes of each encounter (for the
 * 50 MB cap). Both change through compare-and-set, so parallel initiates, on one process or
 * several, can neither lose a file nor slip past the cap together.
 */
interface GroupRecord {
  fileIds: string[];
}
interface LedgerRecord {
  files: Record<string, number>;
}

/** updateJson on a record that is created empty when absent. */
async function upsertJson<T>(
  store: KeyValueStore,
  key: string,
  empty: T,
  mutate: (current: T) => T | undefined,
  ttlSeconds: number,
): Promise<T | undefined> {
  await store.setIfAbsent(key, JSON.stringify(empty), ttlSeconds);
  return updateJson<T>(store, key, mutate, { ttlSeconds });
}

/**
 * Appends file ids to their upload session; resolves to the 1-based position of each in the
 * session's declaration order (deleted files keep their places, so a position never changes).
 */
export async function appendToGroup(
  store: KeyValueStore,
  uploadSessionId: string,
  fileIds: string[],
  ttlSeconds: number,
): Promise<number[]> {
  const group = await upsertJson<GroupRecord>(
    store,
    groupKey(uploadSessionId),
    { fileIds: [] },
    (current) => ({ fileIds: [...current.fileIds, ...fileIds] }),
    ttlSeconds,
  );
  const order = group?.fileIds ?? fileIds;
  return fileIds.map((fileId) => order.indexOf(fileId) + 1);
}

export async function groupFileIds(store: KeyValueStore, uploadSessionId: string): Promise<string[]> {
  const raw = await store.get(groupKey(uploadSessionId));
  return raw === undefined ? [] : (JSON.parse(raw) as GroupRecord).fileIds;
}

/** Reserves declared bytes for new files, or throws 413 when the encounter would pass its cap. */
export async function reserveEncounterBytes(
  store: KeyValueStore,
  encounter: { facilityId: string; encounterId: string },
  reservations: Record<string, number>,
  ttlSeconds: number,
): Promise<void> {
  const adding = Object.values(reservations).reduce((sum, bytes) => sum + bytes, 0);
  let alreadyDeclared = 0;
  const written = await upsertJson<LedgerRecord>(
    store,
    ledgerKey(encounter.facilityId, encounter.encounterId),
    { files: {} },
    (ledger) => {
      alreadyDeclared = Object.values(ledger.files).reduce((sum, bytes) => sum + bytes, 0);
      if (alreadyDeclared + adding > MAX_TOTAL_BYTES_PER_ENCOUNTER) return undefined;
      return { files: { ...ledger.files, ...reservations } };
    },
    ttlSeconds,
  );
  if (written === undefined) {
    const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;
    throw new AppError('PAYLOAD_TOO_LARGE', {
      message: `These photos would take this visit over its ${mb(MAX_TOTAL_BYTES_PER_ENCOUNTER)} MB upload limit. Save or delete some photos first.`,
      details: [
        {
          path: 'files',
          problem: `declared ${adding} bytes; ${alreadyDeclared} of ${MAX_TOTAL_BYTES_PER_ENCOUNTER} already declared for this encounter`,
        },
      ],
    });
  }
}

/** Frees a file's reservation once its bytes are gone (deleted or committed). */
export async function releaseEncounterBytes(
  store: KeyValueStore,
  encounter: { facilityId: string; encounterId: string },
  fileId: string,
): Promise<void> {
  await updateJson<LedgerRecord>(store, ledgerKey(encounter.facilityId, encounter.encounterId), (ledger) => {
    if (!(fileId in ledger.files)) return undefined;
    const files = { ...ledger.files };
    delete files[fileId];
    return { files };
  });
}
