import { FAULTS } from '../../../src/emulator';
import { eventually, media, startLiveEmulator, type LiveEmulator } from './live-emulator';

const FHIR_JSON = { 'Content-Type': 'application/fhir+json' };

describe('emulator faults and latency over real sockets', () => {
  let live: LiveEmulator;
  beforeAll(async () => {
    live = await startLiveEmulator();
  });
  afterAll(async () => {
    await live.emulator.close();
  });
  beforeEach(() => {
    live.emulator.state.reset();
  });

  it("when practiceOffline is queued, then the next call gets ALEX's 503 OperationOutcome and the one after is served", async () => {
    live.emulator.state.failNext(FAULTS.practiceOffline('GET /FHIR/Patient'));

    const offline = await live.fhir.get('/Patient/14e52e16edb7a435bfa05e307afd008b');
    const after = await live.fhir.get('/Patient/14e52e16edb7a435bfa05e307afd008b');

    expect(offline.status).toBe(503);
    expect(offline.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(offline.data.issue[0]).toEqual({
      severity: 'error',
      code: 'exception',
      diagnostics: 'Cannot establish connection to the facility. Please try again later.',
    });
    expect(after.status).toBe(200);
  });

  it('when a 503 hits a POST, then nothing is created (ALEX did not process it)', async () => {
    live.emulator.state.failNext(FAULTS.practiceOffline('POST /FHIR/Media'));
    const response = await live.fhir.post('/Media', media(), { headers: FHIR_JSON });
    expect(response.status).toBe(503);
    expect(live.emulator.state.createdResources('Media')).toEqual([]);
  });

  it.each(['2', 'Wed, 21 Oct 2037 07:28:00 GMT'])(
    'when rateLimited is queued with Retry-After %s, then the call gets 429 with that header',
    async (retryAfter) => {
      live.emulator.state.failNext(FAULTS.rateLimited('GET /FHIR/Location', retryAfter));
      const response = await live.fhir.get('/Location');
      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe(retryAfter);
      expect(response.data).toMatchObject({ statusCode: 429 });
    },
  );

  it('when a fault has a string body, then it is sent as text/plain', async () => {
    live.emulator.state.failNext({
      route: 'GET /FHIR/Location',
      kind: 'status',
      status: 403,
      body: 'Practice Facility not found',
    });
    const response = await live.fhir.get('/Location');
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.data).toBe('Practice Facility not found');
  });

  it('when drop is queued, then the client sees the socket hang up, nothing is created, and the journal shows status 0', async () => {
    live.emulator.state.failNext(FAULTS.drop('POST /FHIR/Media'));

    const error = await live.fhir.post('/Media', media(), { headers: FHIR_JSON }).catch((e: unknown) => e);

    expect(error).toMatchObject({ message: 'socket hang up', code: 'ECONNRESET' });
    expect(live.emulator.state.createdResources('Media')).toEqual([]);
    const entry = await eventually(() =>
      live.emulator.state.journal().find((e) => e.route === 'POST /FHIR/Media'),
    );
    expect(entry.status).toBe(0);
    expect((entry.body as fhir4.Media).identifier?.[0].value).toBe('img-1');
  });

  it('when dropAfterWrite is queued, then the client sees the socket hang up but the Media was created', async () => {
    live.emulator.state.failNext(FAULTS.dropAfterWrite('POST /FHIR/Media'));

    const error = await live.fhir
      .post('/Media', media('img-2'), { headers: FHIR_JSON })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ message: 'socket hang up' });
    expect(live.emulator.state.createdResources('Media')).toHaveLength(1);
  });

  it('when a delay longer than the client timeout hits a POST, then the client times out but the Media was still created', async () => {
    live.emulator.state.failNext(FAULTS.delay('POST /FHIR/Media', 1500));

    const error = await live.fhir
      .post('/Media', media('img-3'), { headers: FHIR_JSON, timeout: 200 })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'ECONNABORTED' });
    const created = await eventually(() => live.emulator.state.createdResources('Media')[0]);
    expect((created as fhir4.Media).identifier?.[0].value).toBe('img-3');
    const entry = await eventually(() =>
      live.emulator.state.journal().find((e) => e.route === 'POST /FHIR/Media'),
    );
    expect(entry.status).toBe(201);
  });

  it('when a delay is shorter than the client timeout, then the normal answer arrives after at least the delay', async () => {
    live.emulator.state.failNext(FAULTS.delay('GET /FHIR/Location', 300));

    const response = await live.fhir.get('/Location');

    expect(response.status).toBe(200);
    const [entry] = live.emulator.state.journal();
    expect(entry.durationMs).toBeGreaterThanOrEqual(300);
  });

  it('when latency is set on a route, then concurrent calls each wait for it in parallel, not in turn', async () => {
    live.emulator.state.setLatency('GET /FHIR/Location', 300);

    const responses = await Promise.all([live.fhir.get('/Location'), live.fhir.get('/Location')]);

    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const [first, second] = live.emulator.state.journal();
    expect(first.durationMs).toBeGreaterThanOrEqual(300);
    expect(second.durationMs).toBeGreaterThanOrEqual(300);
    // Both arrived before either was answered: the latency does not serialise requests.
    expect(Math.max(first.atMs, second.atMs)).toBeLessThan(
      Math.min(first.atMs + (first.durationMs ?? 0), second.atMs + (second.durationMs ?? 0)),
    );
  });

  it('when the emulator starts with latencyMs, then FHIR routes wait for it', async () => {
    const slow = await startLiveEmulator({ latencyMs: 250 });
    try {
      slow.emulator.state.resetJournal();
      await slow.fhir.get('/Location');
      const [entry] = slow.emulator.state.journal();
      expect(entry.durationMs).toBeGreaterThanOrEqual(250);
    } finally {
      await slow.emulator.close();
    }
  });

  it('when unauthorized is queued, then a valid token still gets one 401 (for "evict and replay once")', async () => {
    live.emulator.state.failNext(FAULTS.unauthorized('GET /FHIR/Location'));
    expect((await live.fhir.get('/Location')).status).toBe(401);
    expect((await live.fhir.get('/Location')).status).toBe(200);
  });
});
