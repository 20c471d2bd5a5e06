import type { KeyValueStore } from '../../stores/types';
import type { CommitPlan, WriteName } from './commit-plan';

/**
 * One ALEX write of a file, as the write-ahead record knows it.
 * - `pending`: not sent, or provably not created (may be sent, with the same identifier);
 * - `in_flight`: may have reached ALEX since `sentAt` (sending, or ambiguous): nobody sends it
 *   again before the settle window has passed and a look-up has found nothing;
 * - `created`: ALEX has it (`id`), created or adopted after a look-up;
 * - `uncertain`: it may be in Medtech and cannot be checked: only an explicit resend sends it.
 */
export interface WriteState {
  status: 'pending' | 'in_flight' | 'created' | 'uncertain';
  id: string | null;
  sentAt: number | null;
  attempts: number;
}

export type { QueueReason } from '../../schemas/statuses';
import type { QueueReason } from '../../schemas/statuses';

export interface RecordedError {
  code: string;
  message: string;
  retryable: boolean;
  resendable: boolean;
}

export interface RecordedWarning {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * What the gateway remembers about committing one file: the plan, every write's state, and the
 * file's commit outcome. It lives under `commit:file:<fileId>` and is only ever changed by
 * compare-and-set, so commits, deliveries and deletes of one file (in any process) are
 * serialised on it: the claim, the write-ahead mark and the delete tombstone are each one
 * atomic step, and "deleted" and "sent to Medtech" can never both be true.
 */
export interface CommitRecord {
  fileId: string;
  /** `identifier.value` sent to ALEX: the same on every attempt for this file. */
  imageId: string;
  plan: CommitPlan | null;
  writes: Partial<Record<WriteName, WriteState>>;
  /** The request or delivery run working on the file, until `leaseUntil`. */
  owner: string | null;
  leaseUntil: number | null;
  state: 'new' | 'working' | 'queued' | 'committed' | 'error' | 'deleted';
  reason: QueueReason | null;
  nextAttemptAt: number | null;
  /** Delivery attempts that failed retryably (drives the backoff). */
  deliveryAttempts: number;
  error: RecordedError | null;
  warnings: RecordedWarning[];
  /** After this the gateway stops delivering (STAGING_TTL_SECONDS after the upload). */
  expiresAt: number | null;
  updatedAt: string;
}

export const commitRecordKey = (fileId: string) => `commit:file:${encodeURIComponent(fileId)}`;

export function emptyRecord(fileId: string, now: number): CommitRecord {
  return {
    fileId,
    // The staged file's id is already a random, gateway-made UUID: reusing it makes the ALEX
    // identifier stable for this photo by construction, even if this record were lost.
    imageId: fileId,
    plan: null,
    writes: {},
    owner: null,
    leaseUntil: null,
    state: 'new',
    reason: null,
    nextAttemptAt: null,
    deliveryAttempts: 0,
    error: null,
    warnings: [],
    expiresAt: null,
    updatedAt: new Date(now).toISOString(),
  };
}

export const isLeased = (record: CommitRecord, now: number) =>
  record.owner !== null && (record.leaseUntil ?? 0) > now;

/** A write that may be in ALEX now: it blocks deletes and re-sends. */
export const hasWriteInFlight = (record: CommitRecord) =>
  Object.values(record.writes).some((write) => write?.status === 'in_flight');

export interface RecordStoreOptions {
  store: KeyValueStore;
  ttlSeconds: number;
  clock: () => number;
}

/**
 * Reads and changes commit records by compare-and-set. `change` returns the next record or
 * undefined to leave it; it may run several times (another writer won the race) and must be
 * pure. Store failures propagate (StoreUnavailableError).
 */
export function createRecordStore({ store, ttlSeconds, clock }: RecordStoreOptions) {
  const MAX_ROUNDS = 20;

  async function get(fileId: string): Promise<CommitRecord | undefined> {
    const raw = await store.get(commitRecordKey(fileId));
    return raw === undefined ? undefined : (JSON.parse(raw) as CommitRecord);
  }

  /** Resolves to `[before, after]`: after is undefined when `change` declined. */
  async function change(
    fileId: string,
    next: (current: CommitRecord) => CommitRecord | undefined,
  ): Promise<[CommitRecord, CommitRecord | undefined]> {
    const key = commitRecordKey(fileId);
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const raw = await store.get(key);
      const current = raw === undefined ? emptyRecord(fileId, clock()) : (JSON.parse(raw) as CommitRecord);
      const updated = next(current);
      if (!updated) return [current, undefined];
      const text = JSON.stringify({ ...updated, updatedAt: new Date(clock()).toISOString() });
      const written =
        raw === undefined
          ? await store.setIfAbsent(key, text, ttlSeconds)
          : await store.compareAndSet(key, raw, text, ttlSeconds);
      if (written) return [current, JSON.parse(text) as CommitRecord];
    }
    throw new Error('commit record kept changing under us');
  }

  return { get, change };
}

export type RecordStore = ReturnType<typeof createRecordStore>;
