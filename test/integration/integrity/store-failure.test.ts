import Redis from 'ioredis';
import sharp from 'sharp';
import { FAULTS } from '../../../src/emulator';
import type { GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { startPrivateRedis, type PrivateRedis } from '../../helpers/redis-server';
import {
  ATTACHMENTS,
  COMMIT,
  DEFAULT_CONTEXT,
  MEDIA_ROUTE,
  MOBILE,
  commitBody,
  distinctJpeg,
  fhirCalls,
  stageFiles,
  startCommitGateway,
  waitForCommitStatus,
} from '../commit/commit-harness';
import {
  STORE_UNAVAILABLE_ANSWER,
  attachmentPath,
  describeResponse,
  eventually,
  jpegForm,
  mediaIn,
  sessionPath,
  timed,
  uniquePrefix,
} from './integrity-harness';

/** QUALITY.md "Integrity under faults": the store (Redis) fails or is frozen, then comes back. */
jest.setTimeout(60_000);

let redis: PrivateRedis;
let h: GatewayWithEmulator | undefined;
let prefix: string;

beforeAll(async () => {
  redis = await startPrivateRedis();
});
afterAll(async () => {
  await redis?.cleanup();
});
afterEach(async () => {
  // Redis must answer again before the gateway can close its queue cleanly.
  redis.resume();
  if (!(await isUp())) await redis.restart();
  await h?.close();
  h = undefined;
});

async function isUp(): Promise<boolean> {
  const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 500 });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function startRedisGateway(): Promise<{ url: string; app: GatewayWithEmulator['gateway']['app'] }> {
  prefix = uniquePrefix('store');
  h = await startCommitGateway({
    STORE: 'redis',
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: prefix,
    ALEX_WRITE_SETTLE_SECONDS: '1',
    ALEX_WRITE_TIMEOUT_MS: '6000',
    ALEX_TIMEOUT_MS: '1500',
    ALEX_DEADLINE_MS: '5000',
    DELIVERY_RETRY_BASE_SECONDS: '1',
    COMMIT_RESPONSE_BUDGET_MS: '10000',
  });
  return { url: await h.listen(), app: h.gateway.app };
}

/** Several store-touching routes, each answered while Redis does not answer. */
async function probeStoreRoutes(
  url: string,
  ids: { sessionId: string; fileId: string; otherFileId: string },
) {
  const probes = await Promise.all([
    timed(url, 'GET', sessionPath(ids.sessionId)),
    timed(url, 'GET', attachmentPath(ids.fileId)),
    timed(url, 'POST', COMMIT, { body: commitBody([ids.otherFileId]) }),
    timed(url, 'POST', `${ATTACHMENTS}/upload-initiate`, {
      body: { ...DEFAULT_CONTEXT, files: [{ clientRef: 'x', contentType: 'image/jpeg', sizeBytes: 1000 }] },
    }),
    timed(url, 'POST', `${MOBILE}/initiate`, { body: DEFAULT_CONTEXT }),
    timed(url, 'DELETE', attachmentPath(ids.otherFileId)),
  ]);
  return probes.map(describeResponse);
}

describe('integrity: the store fails while a POST /Media is in flight', () => {
  it.each(['frozen (SIGSTOP)', 'stopped and restarted'] as const)(
    'when Redis is %s while ALEX holds the POST, then clients get 503 STORE_UNAVAILABLE within 2 s, and once Redis is back exactly one Media is filed and the file view says committed',
    async (how) => {
      const { url, app } = await startRedisGateway();
      const emulator = h!.emulator;
      const [fileId, otherFileId] = await stageFiles(app, [await distinctJpeg(101), await distinctJpeg(102)]);
      const session = await timed(url, 'POST', `${MOBILE}/initiate`, { body: DEFAULT_CONTEXT });
      expect(session.status).toBe(201);
      const sessionId = String(session.body.sessionId);
      // ALEX stores the Media at once and answers only 3 s later.
      emulator.state.failNext(FAULTS.delay(MEDIA_ROUTE, 3000));

      const committing = timed(url, 'POST', COMMIT, { body: commitBody([fileId]), timeoutMs: 20_000 });
      expect(await eventually(() => mediaIn(emulator).length === 1, 5000)).toBe(true);
      if (how === 'frozen (SIGSTOP)') redis.freeze();
      else await redis.stop();

      const probes = await probeStoreRoutes(url, { sessionId, fileId, otherFileId });
      const capabilities = await timed(url, 'GET', '/api/integrations/medtech/capabilities');
      const first = await committing;

      for (const probe of probes) {
        expect(probe).toEqual(STORE_UNAVAILABLE_ANSWER);
        expect(probe.elapsedMs).toBeLessThan(2000);
      }
      // Capabilities do not touch the store: still answered, fast.
      expect(capabilities.status).toBe(200);
      expect(capabilities.elapsedMs).toBeLessThan(2000);
      // The commit in flight ends without a 500 and without a hang: queued or 503.
      expect([202, 503]).toContain(first.status);

      if (how === 'frozen (SIGSTOP)') redis.resume();
      else await redis.restart();

      const view = await waitForCommitStatus(app, fileId, 'committed', 30_000);
      const media = mediaIn(emulator);
      expect(media).toHaveLength(1);
      expect(view.commit.mediaId).toBe(media[0].id);
      expect(fhirCalls(emulator, MEDIA_ROUTE)).toHaveLength(1);
      // ALEX answered at 3 s; from then on the store's failure may cost the request at most ~2 s.
      expect(first.elapsedMs).toBeLessThan(3000 + 2500);
    },
  );
});

describe('integrity: the store is down', () => {
  it('when Redis is stopped, then every store-touching route answers 503 STORE_UNAVAILABLE with Retry-After within 2 s, and after it is back they answer normally', async () => {
    const { url, app } = await startRedisGateway();
    const [fileId, otherFileId] = await stageFiles(app, [await distinctJpeg(111), await distinctJpeg(112)]);
    const session = await timed(url, 'POST', `${MOBILE}/initiate`, { body: DEFAULT_CONTEXT });
    const sessionId = String(session.body.sessionId);
    const token = new URL(String(session.body.mobileUploadUrl)).searchParams.get('t') ?? '';
    await redis.stop();

    const probes = await probeStoreRoutes(url, { sessionId, fileId, otherFileId });
    const more = [
      await timed(url, 'GET', `${ATTACHMENTS}/${fileId}/content?facilityId=${DEFAULT_CONTEXT.facilityId}`),
      await timed(url, 'GET', `${MOBILE}/session`, { headers: { 'x-mobile-token': token } }),
      await timed(url, 'POST', `${ATTACHMENTS}/uploads/${otherFileId}`, {
        form: jpegForm(await distinctJpeg(113)),
      }),
      // A second round: the delay must not grow while Redis stays down.
      ...(await probeStoreRoutes(url, { sessionId, fileId, otherFileId })).map((r) => r),
    ].map((r) => ('headers' in r ? describeResponse(r) : r));

    for (const probe of [...probes, ...more]) {
      expect(probe).toEqual(STORE_UNAVAILABLE_ANSWER);
      expect(probe.elapsedMs).toBeLessThan(2000);
    }

    await redis.restart();
    const back = await eventually(
      async () => (await timed(url, 'GET', attachmentPath(fileId))).status === 200,
      10_000,
      200,
    );
    expect(back).toBe(true);
    const committed = await timed(url, 'POST', COMMIT, { body: commitBody([fileId]) });
    expect(committed.status).toBe(200);
    expect(mediaIn(h!.emulator)).toHaveLength(1);
  });

  it('when the store fails while an upload is being processed, then once Redis is back the same file can be uploaded again (not stuck in processing)', async () => {
    const { url } = await startRedisGateway();
    // A large noisy photo, so the pipeline runs long enough to freeze Redis under it.
    const big = await sharp({
      create: {
        width: 3000,
        height: 2200,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 30 },
      },
    })
      .jpeg({ quality: 80 })
      .toBuffer();
    const declared = await timed(url, 'POST', `${ATTACHMENTS}/upload-initiate`, {
      body: {
        ...DEFAULT_CONTEXT,
        files: [{ clientRef: 'big', contentType: 'image/jpeg', sizeBytes: big.length }],
      },
    });
    expect(declared.status).toBe(201);
    const fileId = String((declared.body.files as Array<{ fileId: string }>)[0].fileId);
    const watcher = new Redis(redis.url, { keyPrefix: prefix });
    try {
      const uploading = timed(url, 'POST', `${ATTACHMENTS}/uploads/${fileId}`, {
        form: jpegForm(big),
        timeoutMs: 20_000,
      });
      const claimed = await eventually(
        async () => {
          const raw = await watcher.get(`staging:file:${fileId}`);
          return raw !== null && JSON.parse(raw).status === 'processing';
        },
        10_000,
        5,
      );
      expect(claimed).toBe(true);
      redis.freeze();
      const interrupted = await uploading;
      redis.resume();

      expect(describeResponse(interrupted)).toEqual(STORE_UNAVAILABLE_ANSWER);
      const again = await timed(url, 'POST', `${ATTACHMENTS}/uploads/${fileId}`, {
        form: jpegForm(await distinctJpeg(121)),
      });
      expect(describeResponse(again)).toMatchObject({ status: 200, code: undefined });
    } finally {
      watcher.disconnect();
    }
  });
});
