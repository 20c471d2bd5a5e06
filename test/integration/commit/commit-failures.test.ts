import { FAULTS } from '../../../src/emulator';
import { closedAfterEach } from '../../helpers/closed-after-each';
import {
  COMMUNICATION_ROUTE,
  DR_RUAWAI,
  MEDIA_ROUTE,
  NURSE_PEMBERTON,
  TASK_ROUTE,
  commit,
  commitBody,
  distinctJpeg,
  fhirCalls,
  identifierOf,
  journalMark,
  nonConformantBodies,
  stageFiles,
  startCommitGateway,
  waitForCommitStatus,
} from './commit-harness';

const MAX_ATTEMPTS = 3;

describe('commit: upstream failures', () => {
  const startGateway = closedAfterEach(startCommitGateway);

  it('when ALEX answers 503 for the second of three files until retries run out and delivery is "now", then 207 with PRACTICE_OFFLINE for it, and a retry commits only that file', async () => {
    const h = await startGateway({ ALEX_CONCURRENCY: '1', ALEX_MAX_ATTEMPTS: String(MAX_ATTEMPTS) });
    const app = h.gateway.app;
    const fileIds = await stageFiles(app, await Promise.all([1, 2, 3].map((i) => distinctJpeg(i))));
    // A zero delay lets the first POST through untouched; the 503s then meet the second file's attempts.
    h.emulator.state.failNext(FAULTS.delay(MEDIA_ROUTE, 0));
    h.emulator.state.failNext(FAULTS.practiceOffline(MEDIA_ROUTE, MAX_ATTEMPTS));
    const body = { ...commitBody(fileIds), delivery: 'now' };

    const first = await commit(app, body).expect(207);

    expect(first.body.files.map((f: { status: string }) => f.status)).toEqual([
      'committed',
      'error',
      'committed',
    ]);
    expect(first.body.files[1]).toEqual({
      fileId: fileIds[1],
      status: 'error',
      error: { code: 'PRACTICE_OFFLINE', message: expect.any(String), retryable: true, resendable: false },
    });
    const posts = fhirCalls(h.emulator, MEDIA_ROUTE);
    expect(posts.map((p) => p.status)).toEqual([201, 503, 503, 503, 201]);
    expect(new Set(posts.slice(1, 4).map(identifierOf)).size).toBe(1);
    const refusedIdentifier = identifierOf(posts[1]);
    // On-call sees the failed file by its code, with the request's correlation id.
    expect(h.logs.lines()).toContainEqual(
      expect.objectContaining({
        message: 'commit file failed',
        fileId: fileIds[1],
        code: 'PRACTICE_OFFLINE',
        correlationId: first.body.correlationId,
      }),
    );
    expect(h.emulator.state.createdResources('Media')).toHaveLength(2);
    const mark = journalMark(h.emulator);

    const retry = await commit(app, body).expect(200);

    const newPosts = fhirCalls(h.emulator, undefined, mark);
    expect(newPosts.map((p) => [p.route, p.status])).toEqual([[MEDIA_ROUTE, 201]]);
    expect(identifierOf(newPosts[0])).toBe(refusedIdentifier);
    expect(retry.body.files.map((f: { replayed: boolean }) => f.replayed)).toEqual([true, false, true]);
    expect(retry.body.files[0].mediaId).toBe(first.body.files[0].mediaId);
    expect(retry.body.files[2].mediaId).toBe(first.body.files[2].mediaId);
    expect(h.emulator.state.createdResources('Media')).toHaveLength(3);
  });

  // The first wave answered ALEX_TIMEOUT here and let the retry post again; the second wave's
  // rules (GATEWAY-API.md, "Exactly once") make it queued, never re-sent early, and resolved by look-up.
  const FAST_WRITES = {
    ALEX_WRITE_TIMEOUT_MS: '500',
    ALEX_WRITE_SETTLE_SECONDS: '1',
    ALEX_TIMEOUT_MS: '500',
    ALEX_DEADLINE_MS: '3000',
  };

  it('when POST Media is stored but answered after the write timeout, and the desktop retries at once, then the file is queued, no second POST is sent, and the gateway adopts the Media', async () => {
    const h = await startGateway(FAST_WRITES);
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(9)]);
    h.emulator.state.failNext(FAULTS.delay(MEDIA_ROUTE, 900));
    const body = commitBody([fileId]);

    const first = await commit(app, body).expect(202);
    const again = await commit(app, body).expect(202);

    expect(first.body.files[0]).toMatchObject({
      fileId,
      status: 'queued',
      reason: 'WRITE_UNSETTLED',
      mediaId: null,
    });
    expect(again.body.files[0]).toMatchObject({
      status: 'queued',
      reason: 'WRITE_UNSETTLED',
      replayed: true,
    });
    const view = await waitForCommitStatus(app, fileId, 'committed');
    const media = h.emulator.state.createdResources('Media') as fhir4.Media[];
    expect(media).toHaveLength(1);
    expect(view.commit.mediaId).toBe(media[0].id);
    expect(fhirCalls(h.emulator, MEDIA_ROUTE)).toHaveLength(1);
    const replay = await commit(app, body).expect(200);
    expect(replay.body.files[0]).toMatchObject({ status: 'committed', replayed: true, mediaId: media[0].id });
  });

  it('when the write is still being processed when the retry arrives and the look-up would find nothing yet, then nothing is re-sent before the settle window and one Media results', async () => {
    const h = await startGateway(FAST_WRITES);
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(8)]);
    h.emulator.state.failNext(FAULTS.slowWrite(MEDIA_ROUTE, 1200));
    const body = commitBody([fileId]);

    await commit(app, body).expect(202);
    await commit(app, body).expect(202);
    await commit(app, body).expect(202);

    await waitForCommitStatus(app, fileId, 'committed');
    expect(h.emulator.state.createdResources('Media')).toHaveLength(1);
    const posts = fhirCalls(h.emulator, MEDIA_ROUTE);
    expect(posts).toHaveLength(1);
  });

  it.each([500, 502, 504])(
    'when ALEX stores the Media and a proxy then answers %i, then the write is ambiguous: queued, adopted by look-up, one Media',
    async (status) => {
      const h = await startGateway(FAST_WRITES);
      const app = h.gateway.app;
      const [fileId] = await stageFiles(app, [await distinctJpeg(20 + status)]);
      h.emulator.state.failNext(FAULTS.errorAfterWrite(MEDIA_ROUTE, status));

      const first = await commit(app, commitBody([fileId])).expect(202);

      expect(first.body.files[0]).toMatchObject({ status: 'queued', reason: 'WRITE_UNSETTLED' });
      const view = await waitForCommitStatus(app, fileId, 'committed');
      const media = h.emulator.state.createdResources('Media') as fhir4.Media[];
      expect(media.map((m) => m.id)).toEqual([view.commit.mediaId]);
    },
  );

  it('when a timed-out POST Media never landed, then after the settle window the gateway writes it again with the same identifier', async () => {
    const h = await startGateway(FAST_WRITES);
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(10)]);
    // The connection dies before ALEX stores anything: ambiguous to the gateway, absent in ALEX.
    h.emulator.state.failNext(FAULTS.drop(MEDIA_ROUTE));

    await commit(app, commitBody([fileId])).expect(202);

    await waitForCommitStatus(app, fileId, 'committed');
    const posts = fhirCalls(h.emulator, MEDIA_ROUTE);
    expect(posts).toHaveLength(2);
    expect(identifierOf(posts[1])).toBe(identifierOf(posts[0]));
    expect(h.emulator.state.createdResources('Media')).toHaveLength(1);
  });

  it('when ALEX refuses the Media search (403) after an ambiguous write, then the file ends DELIVERY_UNCERTAIN, and only resend sends it again', async () => {
    const h = await startGateway(FAST_WRITES);
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(13)]);
    h.emulator.state.failNext(FAULTS.drop(MEDIA_ROUTE));
    h.emulator.state.failNext(FAULTS.forbidden('GET /FHIR/Media'));
    const body = commitBody([fileId]);

    await commit(app, body).expect(202);
    const view = await waitForCommitStatus(app, fileId, 'error');

    expect(view.commit.error).toMatchObject({
      code: 'DELIVERY_UNCERTAIN',
      retryable: false,
      resendable: true,
    });
    expect(view.status).toBe('failed');
    const replay = await commit(app, body).expect(207);
    expect(replay.body.files[0].error).toMatchObject({ code: 'DELIVERY_UNCERTAIN', resendable: true });
    expect(fhirCalls(h.emulator, MEDIA_ROUTE)).toHaveLength(1);

    const resent = await commit(
      app,
      commitBody([fileId], () => ({ resend: true })),
    ).expect(200);

    expect(resent.body.files[0]).toMatchObject({ status: 'committed', mediaId: expect.any(String) });
    const posts = fhirCalls(h.emulator, MEDIA_ROUTE);
    expect(posts).toHaveLength(2);
    expect(identifierOf(posts[1])).toBe(identifierOf(posts[0]));
  });

  it('when resend names a file that is not uncertain, then 400 names files.0.resend and nothing is sent', async () => {
    const h = await startGateway();
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(14)]);

    const response = await commit(
      app,
      commitBody([fileId], () => ({ resend: true })),
    ).expect(400);

    expect(response.body.error.details).toContainEqual(expect.objectContaining({ path: 'files.0.resend' }));
    expect(fhirCalls(h.emulator, MEDIA_ROUTE)).toEqual([]);
  });

  it('when the task answer is a 500 after the Media and inbox message were created, then the file is committed with TASK_UNCERTAIN, a plain retry sends nothing, and resend creates only the task', async () => {
    const h = await startGateway();
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(11)]);
    h.emulator.state.failNext(FAULTS.serverError(TASK_ROUTE, 1));
    const options = () => ({
      alsoInbox: { enabled: true, recipientId: DR_RUAWAI, note: 'Please review' },
      alsoTask: { enabled: true, assigneeId: NURSE_PEMBERTON, due: '2026-12-01' },
    });
    const body = commitBody([fileId], options);

    const first = await commit(app, body).expect(200);

    const result = first.body.files[0];
    expect(result).toMatchObject({ status: 'committed', taskId: null, inboxMessageId: expect.any(String) });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0].code).toBe('TASK_UNCERTAIN');
    expect(result.warnings[0].message).toMatch(/task/i);
    expect(fhirCalls(h.emulator, TASK_ROUTE).map((p) => p.status)).toEqual([500]);
    const mark = journalMark(h.emulator);
    const plain = await commit(app, body).expect(200);
    expect(plain.body.files[0]).toMatchObject({ replayed: true, taskId: null });
    expect(fhirCalls(h.emulator, undefined, mark)).toEqual([]);

    const retry = await commit(
      app,
      commitBody([fileId], () => ({ ...options(), resend: true })),
    ).expect(200);

    expect(fhirCalls(h.emulator, undefined, mark).map((p) => [p.route, p.status])).toEqual([
      [TASK_ROUTE, 201],
    ]);
    expect(fhirCalls(h.emulator, MEDIA_ROUTE, mark)).toEqual([]);
    expect(fhirCalls(h.emulator, COMMUNICATION_ROUTE, mark)).toEqual([]);
    const [task] = h.emulator.state.createdResources('Task') as fhir4.Task[];
    expect(retry.body.files[0]).toMatchObject({
      status: 'committed',
      mediaId: result.mediaId,
      inboxMessageId: result.inboxMessageId,
      taskId: task.id,
      warnings: [],
    });
    expect(task.focus?.reference).toBe(`Media/${result.mediaId}`);

    const third = await commit(app, body).expect(200);
    expect(third.body.files[0]).toMatchObject({ replayed: true, taskId: task.id });
    expect(nonConformantBodies(h.emulator)).toEqual([]);
  });

  it('when ALEX refuses the inbox message with a 400, then the file is committed with a warning naming the inbox message', async () => {
    const h = await startGateway();
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(12)]);
    h.emulator.state.failNext({
      route: COMMUNICATION_ROUTE,
      kind: 'status',
      status: 400,
      body: 'Bad request',
    });

    const response = await commit(
      app,
      commitBody([fileId], () => ({ alsoInbox: { enabled: true, recipientId: DR_RUAWAI } })),
    ).expect(200);

    expect(response.body.files[0]).toMatchObject({ status: 'committed', inboxMessageId: null, taskId: null });
    expect(response.body.files[0].warnings).toEqual([
      { code: 'INBOX_NOT_CREATED', message: expect.stringMatching(/inbox message/), retryable: false },
    ]);
  });
});
