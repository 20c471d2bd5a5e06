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
  stageFiles,
  startCommitGateway,
  waitForCommitStatus,
} from '../commit/commit-harness';

/**
 * QUALITY.md "Integrity under faults": the practice is offline for a while, `delivery: queue`.
 * The outage is the emulator answering ALEX's facility-offline 503 to the next OFFLINE_CALLS
 * FHIR calls; the practice is back when they are used up.
 */
jest.setTimeout(60_000);

const OFFLINE_CALLS = 3;
const BASE_SECONDS = 1;

describe('integrity: the practice is offline, then back', () => {
  const startGateway = closedAfterEach(startCommitGateway);

  it('when the practice is offline for several delivery attempts, then the commit is 202 queued PRACTICE_OFFLINE, and it is committed within about one backoff step of the practice coming back with exactly one Media, one inbox message and one task', async () => {
    const h = await startGateway({
      ALEX_MAX_ATTEMPTS: '1',
      DELIVERY_RETRY_BASE_SECONDS: String(BASE_SECONDS),
      ALEX_WRITE_SETTLE_SECONDS: '1',
    });
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(501)]);
    h.emulator.state.failNext(FAULTS.practiceOffline(undefined, OFFLINE_CALLS));
    const body = commitBody([fileId], () => ({
      alsoInbox: { enabled: true, recipientId: DR_RUAWAI, note: 'Please review' },
      alsoTask: { enabled: true, assigneeId: NURSE_PEMBERTON, due: '2026-12-01' },
    }));

    const startedAt = Date.now();
    const first = await commit(app, body);

    expect(first.status).toBe(202);
    expect(first.body.files[0]).toMatchObject({
      fileId,
      status: 'queued',
      reason: 'PRACTICE_OFFLINE',
      nextAttemptAt: expect.any(String),
      attempts: expect.any(Number),
    });
    const again = await commit(app, body).expect(202);
    expect(again.body.files[0]).toMatchObject({ status: 'queued', replayed: true });

    const view = await waitForCommitStatus(app, fileId, 'committed', 20_000).catch((error: Error) => {
      const calls = fhirCalls(h.emulator).map((e) => `${e.route} ${e.status} +${e.atMs - startedAt}ms`);
      throw new Error(`${error.message}\nALEX calls: ${calls.join('; ')}`);
    });

    const refusals = fhirCalls(h.emulator).filter((entry) => entry.status === 503);
    expect(refusals).toHaveLength(OFFLINE_CALLS);
    const lastRefusal = refusals[refusals.length - 1];
    const previousRefusal = refusals[refusals.length - 2];
    const created = fhirCalls(h.emulator, MEDIA_ROUTE).find((entry) => entry.status === 201);
    expect(created).toBeDefined();
    // One backoff step: at most twice the gap between the last two refused attempts, plus slack.
    const step = created!.atMs - lastRefusal.atMs;
    const previousStep = lastRefusal.atMs - previousRefusal.atMs;
    expect({ step, withinOneStep: step <= 2 * previousStep + 1500 }).toMatchObject({ withinOneStep: true });
    expect(h.emulator.state.createdResources('Media')).toHaveLength(1);
    expect(h.emulator.state.createdResources('Communication')).toHaveLength(1);
    expect(h.emulator.state.createdResources('Task')).toHaveLength(1);
    expect(fhirCalls(h.emulator, COMMUNICATION_ROUTE).filter((e) => e.status === 201)).toHaveLength(1);
    expect(fhirCalls(h.emulator, TASK_ROUTE).filter((e) => e.status === 201)).toHaveLength(1);
    expect(view.commit).toMatchObject({
      status: 'committed',
      mediaId: expect.any(String),
      inboxMessageId: expect.any(String),
      taskId: expect.any(String),
    });

    const replay = await commit(app, body).expect(200);
    expect(replay.body.files[0]).toMatchObject({ status: 'committed', replayed: true });
    expect(h.emulator.state.createdResources('Media')).toHaveLength(1);
  });
});
