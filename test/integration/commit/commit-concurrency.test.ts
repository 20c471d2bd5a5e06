import { randomUUID } from 'node:crypto';
import type { GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import {
  DEFAULT_CONTEXT,
  MEDIA_ROUTE,
  identifierOf,
  commit,
  commitBody,
  distinctJpeg,
  fhirCalls,
  maxInFlight,
  stageFiles,
  startCommitGateway,
} from './commit-harness';

const LATENCY_MS = 200;
const CONCURRENCY = 4;

describe('commit: bounded ALEX concurrency (QUALITY.md, commit of 10 images)', () => {
  let h: GatewayWithEmulator;
  beforeEach(async () => {
    h = await startCommitGateway({ ALEX_CONCURRENCY: String(CONCURRENCY) });
  });
  afterEach(() => h.close());

  it('when 10 images are committed with 200 ms ALEX latency, then at most 4 POST Media are in flight and the batch takes about 3 round trips', async () => {
    const app = h.gateway.app;
    const fileIds = await stageFiles(
      app,
      await Promise.all(Array.from({ length: 10 }, (_, i) => distinctJpeg(i + 20))),
    );
    // A read first, so the token fetch is not part of what is measured.
    await h.gateway.services.alex.readPatient('F2N060-E', '14e52e16edb7a435bfa05e307afd008b');
    h.emulator.state.setLatency(MEDIA_ROUTE, LATENCY_MS);

    await commit(app, commitBody(fileIds)).expect(200);

    const posts = fhirCalls(h.emulator, MEDIA_ROUTE);
    expect(posts).toHaveLength(10);
    expect(posts.every((post) => (post.durationMs ?? 0) >= LATENCY_MS)).toBe(true);
    expect(maxInFlight(posts)).toBe(CONCURRENCY);
    const start = Math.min(...posts.map((post) => post.atMs));
    const end = Math.max(...posts.map((post) => post.atMs + (post.durationMs ?? 0)));
    // ceil(10 / 4) = 3 waves of one round trip each; 10 sequential calls would take at least 10.
    // The upper bound leaves room for a loaded CI machine while still telling the two apart.
    expect(end - start).toBeGreaterThanOrEqual(3 * LATENCY_MS);
    expect(end - start).toBeLessThan(7 * LATENCY_MS);
  });

  it('when two commits of 5 images each run at once for one practice, then the limit is shared: still at most 4 in flight', async () => {
    const app = h.gateway.app;
    const images = await Promise.all(Array.from({ length: 10 }, (_, i) => distinctJpeg(i + 40)));
    const first = await stageFiles(app, images.slice(0, 5));
    const second = await stageFiles(app, images.slice(5), {
      encounterId: 'enc-2',
      patientId: '14e52e16edb7a435bfa05e307afd008b',
      facilityId: 'F2N060-E',
    });
    h.emulator.state.setLatency(MEDIA_ROUTE, LATENCY_MS);

    const [a, b] = await Promise.all([
      commit(app, commitBody(first)),
      commit(
        app,
        commitBody(second, () => ({}), {
          encounterId: 'enc-2',
          patientId: '14e52e16edb7a435bfa05e307afd008b',
          facilityId: 'F2N060-E',
        }),
      ),
    ]);

    expect([a.status, b.status]).toEqual([200, 200]);
    const posts = fhirCalls(h.emulator, MEDIA_ROUTE);
    expect(posts).toHaveLength(10);
    expect(maxInFlight(posts)).toBe(CONCURRENCY);
  });

  it("when two commits queue behind one shared limit, then each ALEX call carries its own request's correlation id", async () => {
    await h.close();
    h = await startCommitGateway({ ALEX_CONCURRENCY: '1' });
    const app = h.gateway.app;
    const images = await Promise.all(Array.from({ length: 4 }, (_, i) => distinctJpeg(i + 60)));
    const second = { ...DEFAULT_CONTEXT, encounterId: 'enc-2' };
    const a = await stageFiles(app, images.slice(0, 2));
    const b = await stageFiles(app, images.slice(2), second);
    h.emulator.state.setLatency(MEDIA_ROUTE, 50);
    const ids = { a: randomUUID(), b: randomUUID() };

    const [ra, rb] = await Promise.all([
      commit(app, commitBody(a)).set('X-Correlation-Id', ids.a),
      commit(
        app,
        commitBody(b, () => ({}), second),
      ).set('X-Correlation-Id', ids.b),
    ]);

    expect([ra.body.correlationId, rb.body.correlationId]).toEqual([ids.a, ids.b]);
    const posts = fhirCalls(h.emulator, MEDIA_ROUTE);
    expect(posts).toHaveLength(4);
    const created = h.emulator.state.createdResources('Media') as fhir4.Media[];
    /** The mt-correlationid of the POST that created each file's Media, via its identifier. */
    const correlationOf = (file: { mediaId: string }) => {
      const identifier = created.find((media) => media.id === file.mediaId)?.identifier?.[0].value;
      return posts.find((post) => identifierOf(post) === identifier)?.headers['mt-correlationid'];
    };
    const actual = [...ra.body.files, ...rb.body.files].map(correlationOf);
    const expected = [ids.a, ids.a, ids.b, ids.b];
    expect(actual).toEqual(expected);
  });
});
