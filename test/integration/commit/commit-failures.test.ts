import { FAULTS } from '../../../src/emulator';
import type { GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
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
} from './commit-harness';

const MAX_ATTEMPTS = 3;

describe('commit: upstream failures', () => {
  let h: GatewayWithEmulator | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('when ALEX answers 503 for the second of three files until retries run out, then 207 with PRACTICE_OFFLINE for it, and a retry commits only that file', async () => {
    h = await startCommitGateway({ ALEX_CONCURRENCY: '1', ALEX_MAX_ATTEMPTS: String(MAX_ATTEMPTS) });
    const app = h.gateway.app;
    const fileIds = await stageFiles(app, await Promise.all([1, 2, 3].map((i) => distinctJpeg(i))));
    // A zero delay lets the first POST through untouched; the 503s then meet the second file's attempts.
    h.emulator.state.failNext(FAULTS.delay(MEDIA_ROUTE, 0));
    h.emulator.state.failNext(FAULTS.practiceOffline(MEDIA_ROUTE, MAX_ATTEMPTS));
    const body = commitBody(fileIds);

    const first = await commit(app, body).expect(207);

    expect(first.body.files.map((f: { status: string }) => f.status)).toEqual([
      'committed',
      'error',
      'committed',
    ]);
    expect(first.body.files[1]).toEqual({
      fileId: fileIds[1],
      status: 'error',
      error: { code: 'PRACTICE_OFFLINE', message: expect.any(String), retryable: true },
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

  it('when POST Media times out, then ALEX_TIMEOUT (retryable) after one POST, and the retry commits the file under the same identifier', async () => {
    h = await startCommitGateway({ ALEX_TIMEOUT_MS: '500', ALEX_DEADLINE_MS: '3000' });
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(9)]);
    h.emulator.state.failNext(FAULTS.delay(MEDIA_ROUTE, 900));
    const body = commitBody([fileId]);

    const first = await commit(app, body).expect(207);

    expect(first.body.files[0]).toEqual({
      fileId,
      status: 'error',
      error: { code: 'ALEX_TIMEOUT', message: expect.any(String), retryable: true },
    });
    // The emulator journals a request when its answer is sent or the client goes away.
    await waitFor(() => fhirCalls(h!.emulator, MEDIA_ROUTE).length > 0);
    expect(fhirCalls(h.emulator, MEDIA_ROUTE)).toHaveLength(1);

    const retry = await commit(app, body).expect(200);

    expect(retry.body.files[0]).toMatchObject({ status: 'committed', replayed: false });
    const posts = fhirCalls(h.emulator, MEDIA_ROUTE);
    expect(posts.length).toBeLessThanOrEqual(2);
    expect(new Set(posts.map(identifierOf))).toEqual(new Set([identifierOf(posts[0])]));
  });

  it('when the retry starts while the timed-out POST Media is still being processed, then it sends the same identifier.value', async () => {
    h = await startCommitGateway({ ALEX_TIMEOUT_MS: '500', ALEX_DEADLINE_MS: '3000' });
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(8)]);
    h.emulator.state.setLatency(MEDIA_ROUTE, 1500);
    const body = commitBody([fileId]);

    const first = await commit(app, body).expect(207);
    expect(first.body.files[0].error).toMatchObject({ code: 'ALEX_TIMEOUT', retryable: true });
    await waitFor(() => fhirCalls(h!.emulator, MEDIA_ROUTE).length > 0);
    const timedOut = fhirCalls(h.emulator, MEDIA_ROUTE);
    expect(timedOut).toHaveLength(1);
    const mark = journalMark(h.emulator);
    h.emulator.state.setLatency(MEDIA_ROUTE, 0);

    await commit(app, body).expect(200);

    const again = fhirCalls(h.emulator, MEDIA_ROUTE, mark);
    expect(again).toHaveLength(1);
    expect(identifierOf(again[0])).toBe(identifierOf(timedOut[0]));
  });

  it('when a timed-out POST Media was in fact created by ALEX, then the retry adopts it instead of creating a second Media', async () => {
    h = await startCommitGateway({ ALEX_TIMEOUT_MS: '500', ALEX_DEADLINE_MS: '3000' });
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(10)]);
    h.emulator.state.failNext(FAULTS.delay(MEDIA_ROUTE, 900));
    const body = commitBody([fileId]);
    await commit(app, body).expect(207);
    const [landed] = h.emulator.state.createdResources('Media') as fhir4.Media[];
    expect(landed).toBeDefined();

    const retry = await commit(app, body).expect(200);

    const sameImage = (h.emulator.state.createdResources('Media') as fhir4.Media[])
      .filter((media) => media.identifier?.[0].value === landed.identifier?.[0].value)
      .map((media) => media.id);
    expect(sameImage).toEqual([landed.id]);
    expect(retry.body.files[0].mediaId).toBe(landed.id);
  });

  it('when the task fails after the Media and inbox message were created, then the file is committed with a warning, and a retry creates only the task', async () => {
    h = await startCommitGateway();
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(11)]);
    h.emulator.state.failNext(FAULTS.serverError(TASK_ROUTE, 1));
    const body = commitBody([fileId], () => ({
      alsoInbox: { enabled: true, recipientId: DR_RUAWAI, note: 'Please review' },
      alsoTask: { enabled: true, assigneeId: NURSE_PEMBERTON, due: '2026-12-01' },
    }));

    const first = await commit(app, body).expect(200);

    const result = first.body.files[0];
    expect(result).toMatchObject({ status: 'committed', taskId: null, inboxMessageId: expect.any(String) });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0].code).toBe('TASK_NOT_CREATED');
    expect(result.warnings[0].message).toMatch(/task/i);
    expect(fhirCalls(h.emulator, TASK_ROUTE).map((p) => p.status)).toEqual([500]);
    const mark = journalMark(h.emulator);

    const retry = await commit(app, body).expect(200);

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
    h = await startCommitGateway();
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

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
