import { AppError } from '../../../src/errors';
import { createMemoryStore } from '../../../src/stores/memory-store';
import type { ImageProcessor, ProcessedImage } from '../../../src/services/images';
import { createStagingService, type StagingService } from '../../../src/services/staging';
import { bytesKey, fileKey } from '../../../src/services/staging/staging-keys';
import { testConfig } from '../../helpers/test-config';

const context = { facilityId: 'F2N060-E', patientId: 'pat-1', encounterId: 'enc-1' };
const phone = (sessionId: string) => ({ kind: 'mobile' as const, sessionId });
const desk = (facilityId?: string) => ({ kind: 'apiKey' as const, facilityId });
const jpeg = (clientRef = 'a', sizeBytes = 1000) => ({ clientRef, contentType: 'image/jpeg', sizeBytes });

/** A pipeline double: "BAD" bytes are refused with 415; `hold()` makes the next call wait. */
function fakeImages() {
  let gate: Promise<void> | undefined;
  let calls = 0;
  const images: ImageProcessor = {
    async process(input: Buffer): Promise<ProcessedImage> {
      calls++;
      if (gate) await gate;
      if (input.toString() === 'BAD') throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const bytes = Buffer.concat([Buffer.from('JPEG:'), input]);
      return {
        bytes,
        contentType: 'image/jpeg',
        width: 40,
        height: 30,
        sha256: 'ab'.repeat(32),
        originalBytes: input.length,
        originalType: 'image/png',
        quality: 90,
        capturedAt: null,
      };
    },
    thumbnail: async (bytes) => Buffer.concat([Buffer.from('THUMB:'), bytes]),
    close: async () => undefined,
  };
  return {
    images,
    calls: () => calls,
    hold() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

function setup() {
  const config = testConfig({ MEDTECH_FACILITY_IDS: 'F2N060-E,F99669-C', STAGING_TTL_SECONDS: '3600' });
  const store = createMemoryStore();
  const fake = fakeImages();
  let now = Date.parse('2026-03-02T01:00:00.000Z');
  const uploading: string[] = [];
  const staging: StagingService = createStagingService({
    config,
    store,
    images: fake.images,
    clock: () => now,
    sessions: { markUploading: async (id) => void uploading.push(id) },
  });
  return { staging, store, fake, uploading, advance: (ms: number) => (now += ms) };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('staging service', () => {
  it('when a declared type is not an image, then 415 names the field and nothing is staged', async () => {
    const { staging, store } = setup();
    const error = await failure(
      staging.declare(context, [
        jpeg('a'),
        { clientRef: 'b', contentType: 'application/pdf', sizeBytes: 10 },
      ]),
    );
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.details).toEqual([expect.objectContaining({ path: 'files.1.contentType' })]);
    expect(await staging.listFiles('anything')).toEqual([]);
    expect(await store.get('staging:encounter:F2N060-E:enc-1')).toBeUndefined();
  });

  it('when a declared size is over IMAGE_MAX_INPUT_BYTES, then 413 FILE_TOO_LARGE names the field', async () => {
    const { staging } = setup();
    const error = await failure(staging.declare(context, [jpeg('a', 26_214_401)]));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.details[0].path).toBe('files.0.sizeBytes');
  });

  it('when an encounter would pass 50 MB declared, then 413, and a delete makes room again', async () => {
    const { staging } = setup();
    const first = await staging.declare(context, [jpeg('a', 25_000_000), jpeg('b', 25_000_000)]);
    const error = await failure(staging.declare(context, [jpeg('c', 3_000_000)]));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toMatch(/50 MB/);
    // Another encounter has its own budget.
    await staging.declare({ ...context, encounterId: 'enc-2' }, [jpeg('c', 3_000_000)]);
    await staging.remove(first.files[0].fileId, desk('F2N060-E'));
    await expect(staging.declare(context, [jpeg('c', 3_000_000)])).resolves.toBeDefined();
  });

  it('when two uploads race for one file, then exactly one runs the pipeline and the other gets 409 UPLOAD_IN_PROGRESS', async () => {
    const { staging, fake } = setup();
    const { files } = await staging.declare({ ...context, sessionId: 's1' }, [jpeg()]);
    const release = fake.hold();
    const first = staging.upload(files[0].fileId, phone('s1'), Buffer.from('img'));
    const second = failure(staging.upload(files[0].fileId, phone('s1'), Buffer.from('img')));
    expect((await second).code).toBe('UPLOAD_IN_PROGRESS');
    release();
    expect((await first).status).toBe('ready');
    expect(fake.calls()).toBe(1);
  });

  it('when a file is claimed before its body arrives, then a second claim gets 409 UPLOAD_IN_PROGRESS and abandoning puts it back', async () => {
    const { staging } = setup();
    const { files } = await staging.declare({ ...context, sessionId: 's1' }, [jpeg()]);
    const fileId = files[0].fileId;
    const claim = await staging.beginUpload(fileId, phone('s1'));
    expect((await staging.getFile(fileId))?.status).toBe('processing');
    expect((await failure(staging.beginUpload(fileId, phone('s1')))).code).toBe('UPLOAD_IN_PROGRESS');
    await staging.abandonUpload(claim);
    expect(await staging.getFile(fileId)).toMatchObject({ status: 'awaiting_upload', processing: null });
    const again = await staging.beginUpload(fileId, phone('s1'));
    expect((await staging.upload(fileId, phone('s1'), Buffer.from('img'), again)).status).toBe('ready');
    // A settled claim cannot be abandoned afterwards.
    await staging.abandonUpload(again);
    expect((await staging.getFile(fileId))?.status).toBe('ready');
  });

  it('when a refused file is re-uploaded, then it is received by one upload at a time, and an abandoned retry leaves it failed with its error', async () => {
    const { staging, fake } = setup();
    const { files } = await staging.declare(context, [jpeg()]);
    const fileId = files[0].fileId;
    expect((await failure(staging.upload(fileId, desk(), Buffer.from('BAD')))).code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const retry = await staging.beginUpload(fileId, desk());
    expect((await failure(staging.beginUpload(fileId, desk()))).code).toBe('UPLOAD_IN_PROGRESS');
    expect((await failure(staging.upload(fileId, desk(), Buffer.from('BAD')))).code).toBe(
      'UPLOAD_IN_PROGRESS',
    );
    await staging.abandonUpload(retry);
    expect(await staging.getFile(fileId)).toMatchObject({
      status: 'failed',
      error: { code: 'UNSUPPORTED_MEDIA_TYPE' },
    });
    expect(fake.calls()).toBe(1);
  });

  it('when a session declares files in two calls and deletes one, then positions follow declaration order and never shift', async () => {
    const { staging } = setup();
    const session = { ...context, sessionId: 's1' };
    const first = await staging.declare(session, [jpeg('a'), jpeg('b')]);
    const second = await staging.declare(session, [jpeg('c')]);
    expect([...first.files, ...second.files].map((f) => f.position)).toEqual([1, 2, 3]);
    await staging.remove(first.files[1].fileId, phone('s1'));
    const listed = await staging.listFiles('s1');
    expect(listed.map((f) => [f.clientRef, f.position])).toEqual([
      ['a', 1],
      ['c', 3],
    ]);
  });

  it('when the pipeline refuses the bytes, then the file is failed with the error, and may be uploaded again', async () => {
    const { staging } = setup();
    const { files } = await staging.declare(context, [jpeg()]);
    const fileId = files[0].fileId;
    expect((await failure(staging.upload(fileId, desk(), Buffer.from('BAD')))).code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await staging.getFile(fileId)).toMatchObject({
      status: 'failed',
      error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) },
    });
    const ready = await staging.upload(fileId, desk(), Buffer.from('good'));
    expect(ready).toMatchObject({
      status: 'ready',
      error: null,
      uploadedAt: expect.any(String),
      sizeBytes: 9,
    });
    expect((await staging.getBytes(fileId))?.toString()).toBe('JPEG:good');
  });

  it('when a phone uploads the first file, then its session is told it is uploading', async () => {
    const { staging, uploading } = setup();
    const { files } = await staging.declare({ ...context, sessionId: 's1' }, [jpeg()]);
    await staging.upload(files[0].fileId, phone('s1'), Buffer.from('img'));
    expect(uploading).toEqual(['s1']);
  });

  it('when a caller is not the file owner, then every operation answers 404 FILE_NOT_FOUND', async () => {
    const { staging } = setup();
    const { files } = await staging.declare({ ...context, sessionId: 's1' }, [jpeg()]);
    const fileId = files[0].fileId;
    await staging.upload(fileId, phone('s1'), Buffer.from('img'));
    for (const attempt of [
      staging.upload(fileId, phone('s2'), Buffer.from('x')),
      staging.upload(fileId, desk(), Buffer.from('x')),
      staging.readContent(fileId, phone('s2'), 'full'),
      staging.readContent(fileId, desk('F99669-C'), 'full'),
      staging.remove(fileId, phone('s2')),
    ]) {
      expect((await failure(attempt)).code).toBe('FILE_NOT_FOUND');
    }
    expect((await staging.readContent(fileId, desk('F2N060-E'), 'thumbnail')).toString()).toBe(
      'THUMB:JPEG:img',
    );
  });

  it('when a file is committed, then the bytes go, the record stays 24 h, a delete gets 409, and it repeats safely', async () => {
    const { staging, store } = setup();
    const { files } = await staging.declare(context, [jpeg()]);
    const fileId = files[0].fileId;
    expect(await staging.markCommitted(fileId)).toBeUndefined();
    await staging.upload(fileId, desk(), Buffer.from('img'));
    const committed = await staging.markCommitted(fileId);
    expect(committed).toMatchObject({ status: 'committed', committedAt: expect.any(String) });
    expect(await store.getBytes(bytesKey(fileId))).toBeUndefined();
    expect(await store.ttl(fileKey(fileId))).toBe(86_400);
    expect((await failure(staging.remove(fileId, desk()))).code).toBe('FILE_ALREADY_COMMITTED');
    expect((await failure(staging.upload(fileId, desk(), Buffer.from('img')))).code).toBe(
      'UPLOAD_ALREADY_RECEIVED',
    );
    expect(await staging.markCommitted(fileId)).toEqual(committed);
  });

  it('when a file is deleted while it is processing, then the upload answers 404 and no bytes remain', async () => {
    const { staging, store, fake } = setup();
    const { files } = await staging.declare(context, [jpeg()]);
    const fileId = files[0].fileId;
    const release = fake.hold();
    const upload = failure(staging.upload(fileId, desk(), Buffer.from('img')));
    await new Promise((resolve) => setImmediate(resolve));
    await staging.remove(fileId, desk());
    release();
    expect((await upload).code).toBe('FILE_NOT_FOUND');
    expect(await store.getBytes(bytesKey(fileId))).toBeUndefined();
    expect(await staging.getFile(fileId)).toBeUndefined();
  });

  it('when a processing claim is left by a crashed process, then after two minutes it can be retaken', async () => {
    const { staging, store, advance } = setup();
    const { files } = await staging.declare(context, [jpeg()]);
    const fileId = files[0].fileId;
    const record = JSON.parse((await store.get(fileKey(fileId)))!);
    const stuck = {
      ...record,
      status: 'processing',
      processing: { attemptId: 'x', startedAt: record.createdAt },
    };
    await store.set(fileKey(fileId), JSON.stringify(stuck), 3600);
    expect((await failure(staging.upload(fileId, desk(), Buffer.from('img')))).code).toBe(
      'UPLOAD_IN_PROGRESS',
    );
    advance(121_000);
    expect((await staging.upload(fileId, desk(), Buffer.from('img'))).status).toBe('ready');
  });

  it('when a file moves from declared to committed, then its stored record keeps the same keys in every status', async () => {
    const { staging, store } = setup();
    const { files } = await staging.declare(context, [jpeg()]);
    const fileId = files[0].fileId;
    const storedKeys = async () => Object.keys(JSON.parse((await store.get(fileKey(fileId))) ?? '{}')).sort();
    const declared = await storedKeys();
    await staging.upload(fileId, desk(), Buffer.from('img'));
    const ready = await storedKeys();
    await staging.markCommitted(fileId);
    expect(await storedKeys()).toEqual(ready);
    // capturedAt is the one key a ready record adds (records from before it was read lack it).
    expect(ready).toEqual([...declared, 'capturedAt'].sort());
  });

  it('when a ready record written before capturedAt existed is in the store, then it reads and commits', async () => {
    const { staging, store } = setup();
    const stored = {
      fileId: 'legacy-1',
      clientRef: 'a',
      uploadSessionId: 'group-1',
      sessionId: null,
      ...context,
      status: 'ready',
      declaredContentType: 'image/jpeg',
      declaredBytes: 1000,
      createdAt: '2026-03-02T00:59:00.000Z',
      expiresAt: '2026-03-02T02:00:00.000Z',
      contentType: 'image/jpeg',
      sizeBytes: 8,
      width: 40,
      height: 30,
      sha256: 'ab'.repeat(32),
      originalBytes: 3,
      originalType: 'image/png',
      uploadedAt: '2026-03-02T00:59:30.000Z',
      committedAt: null,
      error: null,
      position: 1,
      processing: null,
    };
    await store.set(fileKey('legacy-1'), JSON.stringify(stored), 3600);
    await store.set(bytesKey('legacy-1'), Buffer.from('JPEG:img'), 3600);
    expect(await staging.getFile('legacy-1')).toEqual(stored);
    expect(await staging.markCommitted('legacy-1')).toEqual({
      ...stored,
      status: 'committed',
      committedAt: '2026-03-02T01:00:00.000Z',
    });
  });

  it('when files are listed for an upload session, then they come in declared order without deleted ones', async () => {
    const { staging } = setup();
    const first = await staging.declare({ ...context, sessionId: 's1' }, [jpeg('a'), jpeg('b')]);
    await staging.declare({ ...context, sessionId: 's1' }, [jpeg('c')]);
    await staging.remove(first.files[1].fileId, phone('s1'));
    expect((await staging.listFiles('s1')).map((file) => file.clientRef)).toEqual(['a', 'c']);
  });
});
