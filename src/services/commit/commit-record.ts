import type { KeyValueStore } from '../../stores/types';
import type { CommitWarning } from '../../schemas/commit';

/**
 * What the gateway remembers about committing one file, so that no photo is ever created twice
 * in Medtech and none is lost. It lives in the shared store (memory or Redis) beside the staged
 * file, under `commit:file:<fileId>`.
 *
 * - `pending`: nothing is being done; a previous attempt may have failed (`uncertainMedia`
 *   when a POST /Media timed out after its body was sent).
 * - `in_progress`: one request owns the file until `leaseUntil`; others get COMMIT_IN_PROGRESS.
 *   The lease lets a retry take over from a process that died mid-commit.
 * - `committed`: the Media exists (`mediaId`); a follow-up may still be missing (see warnings).
 */
export interface CommitRecord {
  fileId: string;
  /** `identifier.value` sent to ALEX: the same on every attempt for this file. */
  imageId: string;
  phase: 'pending' | 'in_progress' | 'committed';
  owner: string | null;
  leaseUntil: number | null;
  mediaId: string | null;
  inboxMessageId: string | null;
  taskId: string | null;
  uncertainMedia: boolean;
  warnings: CommitWarning[];
  updatedAt: string;
}

export type ClaimOutcome =
  { kind: 'claimed'; record: CommitRecord } | { kind: 'busy' } | { kind: 'done'; record: CommitRecord };

const recordKey = (fileId: string) => `commit:file:${encodeURIComponent(fileId)}`;
const MAX_CLAIM_ROUNDS = 20;

export interface CommitRecordsOptions {
  store: KeyValueStore;
  /** Kept for replays: 24 h at least, and as long as a staged file can wait. */
  ttlSeconds: number;
  leaseMs: number;
  clock: () => number;
}

/** Atomic claim, save and release of commit records over the key-value store. */
export function createCommitRecords({ store, ttlSeconds, leaseMs, clock }: CommitRecordsOptions) {
  const stamp = (record: CommitRecord): string =>
    JSON.stringify({ ...record, updatedAt: new Date(clock()).toISOString() });

  /**
   * Takes the file for `owner`, atomically: set-if-absent for a first commit, compare-and-set
   * from `pending`, from an expired lease, or from `committed` when `needsWork` says a follow-up
   * is still missing. `done` means a committed record with nothing left to do: a replay.
   */
  async function claim(
    fileId: string,
    owner: string,
    needsWork: (record: CommitRecord) => boolean,
  ): Promise<ClaimOutcome> {
    const key = recordKey(fileId);
    const take = (base: CommitRecord): CommitRecord => ({
      ...base,
      phase: 'in_progress',
      owner,
      leaseUntil: clock() + leaseMs,
    });
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round += 1) {
      const raw = await store.get(key);
      if (raw === undefined) {
        const fresh = take(emptyRecord(fileId, clock));
        if (await store.setIfAbsent(key, stamp(fresh), ttlSeconds)) return { kind: 'claimed', record: fresh };
        continue;
      }
      const current = JSON.parse(raw) as CommitRecord;
      if (current.phase === 'in_progress' && (current.leaseUntil ?? 0) > clock()) return { kind: 'busy' };
      if (current.phase === 'committed' && !needsWork(current)) return { kind: 'done', record: current };
      const next = take(current);
      if (await store.compareAndSet(key, raw, stamp(next), ttlSeconds))
        return { kind: 'claimed', record: next };
    }
    return { kind: 'busy' };
  }

  /**
   * Writes progress made by `asOwner` (the record itself may already say `owner: null` when
   * the claim is being released). False when the lease was lost to another request (this one
   * ran past its lease): the caller must then stop making ALEX calls for the file.
   */
  async function save(record: CommitRecord, asOwner: string): Promise<boolean> {
    const key = recordKey(record.fileId);
    const raw = await store.get(key);
    if (raw === undefined) return store.setIfAbsent(key, stamp(record), ttlSeconds);
    const current = JSON.parse(raw) as CommitRecord;
    if (current.owner !== asOwner) return false;
    const leaseRenewed = record.phase === 'in_progress' ? { leaseUntil: clock() + leaseMs } : {};
    return store.compareAndSet(key, raw, stamp({ ...record, ...leaseRenewed }), ttlSeconds);
  }

  return { claim, save, get: async (fileId: string) => parse(await store.get(recordKey(fileId))) };
}

export type CommitRecords = ReturnType<typeof createCommitRecords>;

function parse(raw: string | undefined): CommitRecord | undefined {
  return raw === undefined ? undefined : (JSON.parse(raw) as CommitRecord);
}

function emptyRecord(fileId: string, clock: () => number): CommitRecord {
  return {
    fileId,
    // The staged file's id is already a random, gateway-made UUID: reusing it makes the ALEX
    // identifier stable for this photo by construction, even if this record were lost.
    imageId: fileId,
    phase: 'pending',
    owner: null,
    leaseUntil: null,
    mediaId: null,
    inboxMessageId: null,
    taskId: null,
    uncertainMedia: false,
    warnings: [],
    updatedAt: new Date(clock()).toISOString(),
  };
}
