import { FAULTS, startEmulator, type RunningEmulator } from '../../../src/emulator';
import { TEST_API_KEY, TEST_MOBILE_SECRET } from '../../helpers/test-config';
import {
  freePort,
  gatewayEnv,
  isLive,
  PROJECT_ROOT,
  spawnChild,
  waitUntil,
  type Child,
} from '../process/support/process-tools';
import {
  ATTACHMENTS,
  COMMIT,
  DEFAULT_CONTEXT,
  MEDIA_ROUTE,
  commitBody,
  distinctJpeg,
  fhirCalls,
  journalMark,
} from '../commit/commit-harness';
import {
  attachmentPath,
  dropPrefix,
  eventually,
  jpegForm,
  mediaIn,
  timed,
  uniquePrefix,
} from './integrity-harness';

/**
 * QUALITY.md "Integrity under faults": the process is killed (SIGKILL) while its POST /Media is
 * in flight, STORE=redis, and restarted. Real gateway processes (src/server.ts through tsx) on
 * the shared Redis under a key prefix of their own; the emulator runs in this process.
 */
jest.setTimeout(90_000);

let emulator: RunningEmulator | undefined;
const children: Child[] = [];
const prefix = uniquePrefix('sigkill');

afterAll(async () => {
  for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  await Promise.all(children.map((child) => child.exited));
  await emulator?.close();
  await dropPrefix('redis://127.0.0.1:6379', prefix);
});

function startGatewayProcess(port: number, prefix: string, running: RunningEmulator): Child {
  const { credentials } = running;
  const child = spawnChild(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: PROJECT_ROOT,
    env: gatewayEnv({
      PORT: String(port),
      GATEWAY_API_KEYS: TEST_API_KEY,
      MOBILE_TOKEN_SECRET: TEST_MOBILE_SECRET,
      STORE: 'redis',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: prefix,
      MEDTECH_CLIENT_ID: credentials.clientId,
      MEDTECH_CLIENT_SECRET: credentials.clientSecret,
      MEDTECH_TENANT_ID: credentials.tenantId,
      MEDTECH_API_SCOPE: credentials.scope,
      MEDTECH_TOKEN_URL: running.tokenUrl,
      MEDTECH_API_BASE_URL: running.fhirBaseUrl,
      MEDTECH_FACILITY_IDS: 'F2N060-E,F99669-C',
      ALEX_WRITE_SETTLE_SECONDS: '1',
      // The restarted process takes the file over once the dead one's lease (write timeout +
      // deadline + 5 s, from the send) has lapsed: keep it short.
      ALEX_WRITE_TIMEOUT_MS: '8000',
      ALEX_DEADLINE_MS: '3000',
      ALEX_TIMEOUT_MS: '1500',
      DELIVERY_RETRY_BASE_SECONDS: '1',
    }),
  });
  children.push(child);
  return child;
}

describe('integrity: the gateway process dies mid-write', () => {
  it('when the gateway is SIGKILLed while ALEX holds its POST /Media and a new process starts on the same Redis and prefix, then exactly one Media exists and the restarted process reports the file committed', async () => {
    emulator = await startEmulator({ port: 0 });
    const port = await freePort();
    const first = startGatewayProcess(port, prefix, emulator);
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(() => isLive(port), 45_000, 'the first gateway to answer /health/live').catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${first.stderr().slice(-1500)}`);
      },
    );

    const bytes = await distinctJpeg(301);
    const declared = await timed(url, 'POST', `${ATTACHMENTS}/upload-initiate`, {
      body: {
        ...DEFAULT_CONTEXT,
        files: [{ clientRef: 'k', contentType: 'image/jpeg', sizeBytes: bytes.length }],
      },
    });
    expect(declared.status).toBe(201);
    const fileId = String((declared.body.files as Array<{ fileId: string }>)[0].fileId);
    const uploaded = await timed(url, 'POST', `${ATTACHMENTS}/uploads/${fileId}`, { form: jpegForm(bytes) });
    expect(uploaded.status).toBe(200);
    // ALEX stores the Media at once, but answers only after 15 s: the process dies before it hears.
    emulator.state.failNext(FAULTS.delay(MEDIA_ROUTE, 15_000));

    const committing = timed(url, 'POST', COMMIT, { body: commitBody([fileId]), timeoutMs: 30_000 });
    expect(await eventually(() => mediaIn(emulator!).length === 1, 10_000)).toBe(true);
    first.process.kill('SIGKILL');
    await first.exited;
    const killedAnswer = await committing;
    expect(killedAnswer.status).toBe(0);
    const killedAt = journalMark(emulator);

    const second = startGatewayProcess(port, prefix, emulator);
    await waitUntil(() => isLive(port), 45_000, 'the restarted gateway to answer /health/live');

    const committed = await eventually(
      async () =>
        (await timed(url, 'GET', attachmentPath(fileId))).body.commit !== undefined &&
        ((await timed(url, 'GET', attachmentPath(fileId))).body.commit as { status?: string }).status ===
          'committed',
      30_000,
      250,
    );
    const view = await timed(url, 'GET', attachmentPath(fileId));
    if (!committed) {
      const calls = fhirCalls(emulator).map((e) => `${e.route} ${e.status}`);
      throw new Error(
        `not committed: ${JSON.stringify(view.body.commit)}\nALEX calls: ${calls.join('; ')}\nrestarted stderr: ${second.stderr().slice(-1500)}\nstdout: ${second.stdout().slice(-1500)}`,
      );
    }
    expect({ committed, commit: view.body.commit }).toMatchObject({
      committed: true,
      commit: { status: 'committed' },
    });
    const media = mediaIn(emulator);
    expect(media).toHaveLength(1);
    expect((view.body.commit as { mediaId?: string }).mediaId).toBe(media[0].id);
    // The restarted process resolved it: it looked the Media up (and posted no second one).
    expect(fhirCalls(emulator, 'GET /FHIR/Media', killedAt).length).toBeGreaterThan(0);
    expect(
      fhirCalls(emulator, MEDIA_ROUTE).filter((entry) => entry.status === 201).length,
    ).toBeLessThanOrEqual(1);
    // A commit through the restarted process replays, never posts again.
    const replay = await timed(url, 'POST', COMMIT, { body: commitBody([fileId]) });
    expect(replay.status).toBe(200);
    expect(mediaIn(emulator)).toHaveLength(1);
  });
});
