import type { GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import {
  DR_RUAWAI,
  MEDIA_ROUTE,
  NURSE_PEMBERTON,
  commit,
  commitBody,
  distinctJpeg,
  fhirCalls,
  journalMark,
  stageFiles,
  startCommitGateway,
} from './commit-harness';

describe('commit: never a duplicate', () => {
  let h: GatewayWithEmulator;
  beforeEach(async () => {
    h = await startCommitGateway();
  });
  afterEach(() => h.close());

  it('when the same body is committed again, then every file is replayed with the same ids and ALEX is not called', async () => {
    const app = h.gateway.app;
    const fileIds = await stageFiles(app, await Promise.all([1, 2].map((i) => distinctJpeg(i))));
    const body = commitBody(fileIds, (index) => ({
      ...(index === 0 && {
        alsoInbox: { enabled: true, recipientId: DR_RUAWAI },
        alsoTask: { enabled: true, assigneeId: NURSE_PEMBERTON },
      }),
      idempotencyKey: `enc-1:file:${index}`,
    }));
    const first = await commit(app, body).expect(200);
    const mark = journalMark(h.emulator);

    const again = await commit(app, body).expect(200);

    expect(fhirCalls(h.emulator, undefined, mark)).toEqual([]);
    expect(again.body.files).toEqual(
      first.body.files.map((file: Record<string, unknown>) => ({ ...file, replayed: true })),
    );
    expect(first.body.files[0].inboxMessageId).toEqual(expect.any(String));
    expect(first.body.files[0].taskId).toEqual(expect.any(String));
    expect(h.emulator.state.createdResources('Media')).toHaveLength(2);
  });

  it('when two commits of the same file race, then one Media is created, one answer is committed and the other COMMIT_IN_PROGRESS (207)', async () => {
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(7)]);
    h.emulator.state.setLatency(MEDIA_ROUTE, 300);
    const body = commitBody([fileId]);

    const responses = await Promise.all([commit(app, body), commit(app, body)]);

    expect(h.emulator.state.createdResources('Media')).toHaveLength(1);
    expect(fhirCalls(h.emulator, MEDIA_ROUTE)).toHaveLength(1);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 207]);
    const winner = responses.find((response) => response.status === 200);
    const loser = responses.find((response) => response.status === 207);
    expect(winner?.body.files[0]).toMatchObject({ fileId, status: 'committed', replayed: false });
    expect(loser?.body.files[0]).toEqual({
      fileId,
      status: 'error',
      error: { code: 'COMMIT_IN_PROGRESS', message: expect.any(String), retryable: true, resendable: false },
    });

    // Once the winner is done, the loser's retry is a replay of the same Media.
    const retry = await commit(app, body).expect(200);
    expect(retry.body.files[0]).toMatchObject({ mediaId: winner?.body.files[0].mediaId, replayed: true });
  });

  it('when an idempotency key is sent again with a different file, then 400 names files.N.idempotencyKey and ALEX is not called', async () => {
    const app = h.gateway.app;
    const [a, b, c] = await stageFiles(app, await Promise.all([1, 2, 3].map((i) => distinctJpeg(i))));
    await commit(
      app,
      commitBody([a], () => ({ idempotencyKey: 'enc-1:key-a' })),
    ).expect(200);
    const mark = journalMark(h.emulator);

    const reused = await commit(
      app,
      commitBody([c, b], (index) => ({ idempotencyKey: index === 1 ? 'enc-1:key-a' : 'enc-1:key-c' })),
    ).expect(400);

    expect(reused.body.error.code).toBe('VALIDATION_FAILED');
    expect(reused.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'files.1.idempotencyKey',
    ]);
    expect(fhirCalls(h.emulator, undefined, mark)).toEqual([]);
    // The key still belongs to its own file: committing that file with it again is a replay.
    const replay = await commit(
      app,
      commitBody([a], () => ({ idempotencyKey: 'enc-1:key-a' })),
    ).expect(200);
    expect(replay.body.files[0].replayed).toBe(true);
  });

  it('when one request uses the same idempotency key for two files, then 400 names the second file', async () => {
    const app = h.gateway.app;
    const fileIds = await stageFiles(app, await Promise.all([4, 5].map((i) => distinctJpeg(i))));
    const response = await commit(
      app,
      commitBody(fileIds, () => ({ idempotencyKey: 'enc-1:same' })),
    ).expect(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'files.1.idempotencyKey',
    ]);
    expect(fhirCalls(h.emulator, MEDIA_ROUTE)).toEqual([]);
  });

  it('when the same fileId appears twice in one body, then 400 and ALEX is not called', async () => {
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(6)]);
    const response = await commit(app, commitBody([fileId, fileId])).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(fhirCalls(h.emulator)).toEqual([]);
  });
});
