import {
  createCommitRecords,
  type CommitRecord,
  type CommitRecords,
} from '../../../src/services/commit/commit-record';
import { createMemoryStore } from '../../../src/stores/memory-store';
import type { KeyValueStore } from '../../../src/stores/types';

const LEASE_MS = 10_000;
const TTL_SECONDS = 86_400;
const always = () => true;
const never = () => false;

describe('commit records: claim and save', () => {
  let store: KeyValueStore;
  let now: number;
  let records: CommitRecords;

  beforeEach(() => {
    store = createMemoryStore();
    now = Date.parse('2025-11-11T02:00:00Z');
    records = createCommitRecords({ store, ttlSeconds: TTL_SECONDS, leaseMs: LEASE_MS, clock: () => now });
  });
  afterEach(() => store.close());

  async function claimed(fileId: string, owner: string): Promise<CommitRecord> {
    const outcome = await records.claim(fileId, owner, always);
    if (outcome.kind !== 'claimed') throw new Error(`expected a claim, got ${outcome.kind}`);
    return outcome.record;
  }

  it('when a file was never committed, then the first claim takes it with a lease and a stable image id', async () => {
    const record = await claimed('file-1', 'owner-a');
    expect(record).toMatchObject({
      fileId: 'file-1',
      phase: 'in_progress',
      owner: 'owner-a',
      leaseUntil: now + LEASE_MS,
      mediaId: null,
      inboxMessageId: null,
      taskId: null,
      warnings: [],
    });
    expect(record.imageId).toEqual(expect.any(String));
    expect(record.imageId.length).toBeGreaterThan(0);
    expect(await records.get('file-1')).toMatchObject({ owner: 'owner-a', phase: 'in_progress' });
    const ttl = await store.ttl('commit:file:file-1');
    expect(ttl).toBeGreaterThan(TTL_SECONDS - 5);
  });

  it('when the file is leased by another request, then a claim is busy until the lease runs out', async () => {
    await claimed('file-1', 'owner-a');
    now += LEASE_MS - 1;
    expect(await records.claim('file-1', 'owner-b', always)).toEqual({ kind: 'busy' });
  });

  it('when the lease has expired (the owner died), then another request takes over with the same image id', async () => {
    const first = await claimed('file-1', 'owner-a');
    now += LEASE_MS + 1;
    const second = await claimed('file-1', 'owner-b');
    expect(second).toMatchObject({ owner: 'owner-b', leaseUntil: now + LEASE_MS, imageId: first.imageId });
    // The old owner can no longer write.
    expect(await records.save({ ...first, mediaId: 'm-late' }, 'owner-a')).toBe(false);
    expect((await records.get('file-1'))?.mediaId).toBeNull();
  });

  it('when ten requests claim the same fresh file at once, then exactly one gets it', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => records.claim('file-1', `owner-${i}`, always)),
    );
    expect(outcomes.filter((o) => o.kind === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'busy')).toHaveLength(9);
  });

  it('when the file is committed and nothing is missing, then a claim is done with the stored record', async () => {
    const record = await claimed('file-1', 'owner-a');
    const done: CommitRecord = {
      ...record,
      phase: 'committed',
      owner: null,
      leaseUntil: null,
      mediaId: 'm1',
    };
    expect(await records.save(done, 'owner-a')).toBe(true);
    const outcome = await records.claim('file-1', 'owner-b', never);
    expect(outcome).toEqual({
      kind: 'done',
      record: expect.objectContaining({ mediaId: 'm1', phase: 'committed' }),
    });
    expect((await records.get('file-1'))?.owner).toBeNull();
  });

  it('when the file is committed but a follow-up is missing, then a claim takes it again, keeping the Media id', async () => {
    const record = await claimed('file-1', 'owner-a');
    await records.save(
      { ...record, phase: 'committed', owner: null, leaseUntil: null, mediaId: 'm1' },
      'owner-a',
    );
    const needsTask = jest.fn((r: CommitRecord) => r.taskId === null);
    const again = await records.claim('file-1', 'owner-b', needsTask);
    expect(needsTask).toHaveBeenCalledWith(expect.objectContaining({ mediaId: 'm1', taskId: null }));
    expect(again).toEqual({
      kind: 'claimed',
      record: expect.objectContaining({
        phase: 'in_progress',
        owner: 'owner-b',
        mediaId: 'm1',
        imageId: record.imageId,
      }),
    });
    expect(await records.claim('file-1', 'owner-c', needsTask)).toEqual({ kind: 'busy' });
  });

  it('when a failed attempt released the file as pending, then the next claim takes it with the same image id', async () => {
    const record = await claimed('file-1', 'owner-a');
    await records.save(
      { ...record, phase: 'pending', owner: null, leaseUntil: null, uncertainMedia: true },
      'owner-a',
    );
    const next = await claimed('file-1', 'owner-b');
    expect(next).toMatchObject({ owner: 'owner-b', imageId: record.imageId, uncertainMedia: true });
  });

  it('when someone who does not own the claim saves, then the save is refused and the record is unchanged', async () => {
    const record = await claimed('file-1', 'owner-a');
    expect(await records.save({ ...record, mediaId: 'm-intruder', phase: 'committed' }, 'owner-b')).toBe(
      false,
    );
    expect(await records.get('file-1')).toMatchObject({
      owner: 'owner-a',
      mediaId: null,
      phase: 'in_progress',
    });
  });

  it('when the owner saves progress while in progress, then its lease is renewed', async () => {
    const record = await claimed('file-1', 'owner-a');
    now += LEASE_MS - 100;
    expect(await records.save({ ...record, mediaId: 'm1' }, 'owner-a')).toBe(true);
    now += 200;
    expect(await records.claim('file-1', 'owner-b', always)).toEqual({ kind: 'busy' });
    expect((await records.get('file-1'))?.leaseUntil).toBe(now - 200 + LEASE_MS);
  });
});
