import { AppError } from '../../../src/errors';
import type { AlexClient } from '../../../src/services/alex/types';
import {
  commitFile,
  type CommitFileDeps,
  type FileToCommit,
} from '../../../src/services/attachments/commit/commit-file';
import {
  createCommitRecords,
  type CommitRecords,
} from '../../../src/services/attachments/commit/commit-record';
import type { FacilityLimiter } from '../../../src/services/attachments/commit/facility-limiter';
import type { StagingService } from '../../../src/services/attachments/staging-service';
import type { StagedFile } from '../../../src/services/attachments/staging-types';
import { createMemoryStore } from '../../../src/stores/memory-store';
import type { KeyValueStore } from '../../../src/stores/types';

const LEASE_MS = 1000;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3, 0xff, 0xd9]);

function stagedFile(fileId: string): StagedFile {
  return {
    fileId,
    clientRef: 'c1',
    uploadSessionId: 'u1',
    sessionId: null,
    facilityId: 'F2N060-E',
    patientId: 'p1',
    encounterId: 'enc-1',
    status: 'ready',
    declaredContentType: 'image/jpeg',
    declaredBytes: JPEG.length,
    createdAt: '2025-11-11T01:00:00.000Z',
    expiresAt: '2025-11-12T01:00:00.000Z',
    contentType: 'image/jpeg',
    sizeBytes: JPEG.length,
    width: 10,
    height: 10,
    sha256: 'a'.repeat(64),
    originalBytes: JPEG.length,
    originalType: 'image/jpeg',
    uploadedAt: '2025-11-11T01:00:01.000Z',
    committedAt: null,
    error: null,
    processing: null,
    position: 1,
  };
}

/** Fakes for ALEX and staging that count what commitFile asks of them. */
function fakes() {
  let next = 0;
  const created: fhir4.Resource[] = [];
  const alex = {
    create: jest.fn(async (_facilityId: string, resource: fhir4.Resource) => {
      created.push(resource);
      next += 1;
      const id = `${resource.resourceType.toLowerCase()}-${next}`;
      return { id, resource: { ...resource, id }, status: 201 };
    }),
  };
  const staging = {
    getBytes: jest.fn(async () => JPEG),
    markCommitted: jest.fn(async (fileId: string) => ({
      ...stagedFile(fileId),
      status: 'committed' as const,
    })),
  };
  return { alex, staging, created };
}

describe('commitFile', () => {
  let store: KeyValueStore;
  let now: number;
  let records: CommitRecords;
  const passThrough: FacilityLimiter = (_facility, task) => task();

  beforeEach(() => {
    store = createMemoryStore();
    now = Date.parse('2025-11-11T02:00:00Z');
    records = createCommitRecords({ store, ttlSeconds: 3600, leaseMs: LEASE_MS, clock: () => now });
  });
  afterEach(() => store.close());

  const deps = (f: ReturnType<typeof fakes>, limit: FacilityLimiter = passThrough): CommitFileDeps => ({
    alex: f.alex as unknown as AlexClient,
    staging: f.staging as unknown as StagingService,
    records,
    limit,
    clock: () => now,
  });
  const job = (fileId: string, withTask = false): FileToCommit => ({
    input: { fileId, meta: {}, ...(withTask && { alsoTask: { enabled: true, assigneeId: 'pr1' } }) },
    file: stagedFile(fileId),
    meta: {},
  });

  it('when the Media is created, then the file is marked committed once and the result recorded', async () => {
    const f = fakes();
    const result = await commitFile(deps(f), job('file-1'));
    expect(result).toMatchObject({ status: 'committed', mediaId: 'media-1', replayed: false });
    expect(f.staging.markCommitted).toHaveBeenCalledWith('file-1');
    expect(await records.get('file-1')).toMatchObject({
      phase: 'committed',
      mediaId: 'media-1',
      owner: null,
    });
  });

  it('when POST Media fails, then the claim is released as pending and the staged file is left ready', async () => {
    const f = fakes();
    f.alex.create.mockRejectedValueOnce(new AppError('PRACTICE_OFFLINE'));
    const result = await commitFile(deps(f), job('file-1'));
    expect(result).toMatchObject({ status: 'error', error: { code: 'PRACTICE_OFFLINE', retryable: true } });
    expect(f.staging.markCommitted).not.toHaveBeenCalled();
    expect(await records.get('file-1')).toMatchObject({ phase: 'pending', owner: null, mediaId: null });
  });

  it('when the store fails after the Media exists, then INTERNAL, and the retry does not create a second Media', async () => {
    const f = fakes();
    f.staging.markCommitted.mockRejectedValueOnce(new Error('store down'));
    const first = await commitFile(deps(f), job('file-1'));
    expect(first).toMatchObject({ status: 'error', error: { code: 'INTERNAL' } });
    const retry = await commitFile(deps(f), job('file-1'));
    expect(retry).toMatchObject({ status: 'committed', mediaId: 'media-1' });
    expect(f.alex.create).toHaveBeenCalledTimes(1);
  });

  it('when the staged file was never marked committed (a crash, or a store error), then the retry marks it committed so its bytes are deleted', async () => {
    const f = fakes();
    f.staging.markCommitted.mockRejectedValueOnce(new Error('store down'));
    await commitFile(deps(f), job('file-1'));
    f.staging.markCommitted.mockClear();

    await commitFile(deps(f), job('file-1'));

    expect(f.staging.markCommitted).toHaveBeenCalledWith('file-1');
  });

  it('when a process died after creating the Media (lease expired), then the takeover marks the staged file committed', async () => {
    const f = fakes();
    const claim = await records.claim('file-1', 'dead-process', () => true);
    if (claim.kind !== 'claimed') throw new Error('setup: claim failed');
    await records.save({ ...claim.record, mediaId: 'media-from-dead-process' }, 'dead-process');
    now += LEASE_MS + 1;

    const result = await commitFile(deps(f), job('file-1'));

    expect(result).toMatchObject({ status: 'committed', mediaId: 'media-from-dead-process' });
    expect(f.alex.create).not.toHaveBeenCalled();
    expect(f.staging.markCommitted).toHaveBeenCalledWith('file-1');
  });

  it('when the lease runs out while the POST waits behind the limiter and another request takes over, then the first request does not POST', async () => {
    const f = fakes();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let queuedCalls = 0;
    const queued: FacilityLimiter = (_facility, task) => {
      queuedCalls += 1;
      return gate.then(task);
    };
    const slow = commitFile(deps(f, queued), job('file-1'));
    while (queuedCalls === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(await records.get('file-1')).toMatchObject({ phase: 'in_progress', mediaId: null });
    now += LEASE_MS + 1;
    const takeover = await commitFile(deps(f), job('file-1'));
    expect(takeover).toMatchObject({ status: 'committed', mediaId: 'media-1' });

    release();
    const late = await slow;

    expect(
      f.created
        .filter((r) => r.resourceType === 'Media')
        .map((r) => (r as fhir4.Media).identifier?.[0].value),
    ).toEqual(['file-1']);
    expect(late.status === 'error' ? late.error.code : late.mediaId).toMatch(
      /^(COMMIT_IN_PROGRESS|media-1)$/,
    );
    expect((await records.get('file-1'))?.mediaId).toBe('media-1');
  });

  it('when a follow-up fails, then the warning names it, and a later claim creates only that follow-up', async () => {
    const f = fakes();
    f.alex.create.mockImplementation(async (_facility: string, resource: fhir4.Resource) => {
      if (resource.resourceType === 'Task' && f.alex.create.mock.calls.length === 2) {
        throw new AppError('ALEX_REJECTED');
      }
      return {
        id: `${resource.resourceType}-${f.alex.create.mock.calls.length}`,
        resource,
        status: 201,
      } as never;
    });
    const first = await commitFile(deps(f), job('file-1', true));
    expect(first).toMatchObject({
      status: 'committed',
      taskId: null,
      warnings: [{ code: 'TASK_NOT_CREATED' }],
    });
    const retry = await commitFile(deps(f), job('file-1', true));
    expect(retry).toMatchObject({ status: 'committed', taskId: 'Task-3', warnings: [] });
    expect(f.alex.create.mock.calls.map(([, r]) => (r as fhir4.Resource).resourceType)).toEqual([
      'Media',
      'Task',
      'Task',
    ]);
  });
});
