import axios from 'axios';
import { media, startLiveEmulator, type LiveEmulator } from './live-emulator';

describe('emulator HTTP control API (/__emulator)', () => {
  let live: LiveEmulator;
  beforeAll(async () => {
    live = await startLiveEmulator();
  });
  afterAll(async () => {
    await live.emulator.close();
  });
  beforeEach(async () => {
    expect((await live.control.post('/reset')).status).toBe(204);
  });

  it('when the journal is read, then FHIR calls are listed, control calls are not, and ?since filters', async () => {
    await live.fhir.get('/Location');
    await live.fhir.get('/Practitioner');

    const all = await live.control.get('/journal');
    const routes = all.data.entries.map((e: { route: string }) => e.route);
    const since = await live.control.get(`/journal?since=${all.data.entries[0].seq}`);

    expect(routes).toEqual(['GET /FHIR/Location', 'GET /FHIR/Practitioner']);
    expect(since.data.entries.map((e: { route: string }) => e.route)).toEqual(['GET /FHIR/Practitioner']);
    expect(all.data.entries[0].headers.authorization).toBe('Bearer ***');
  });

  it('when the journal is deleted, then it is empty', async () => {
    await live.fhir.get('/Location');
    expect((await live.control.delete('/journal')).status).toBe(204);
    expect((await live.control.get('/journal')).data.entries).toEqual([]);
  });

  it('when a fault preset is posted, then the next matching call gets it', async () => {
    const queued = await live.control.post('/faults', {
      preset: 'rateLimited',
      route: 'GET /FHIR/Location',
      retryAfter: '5',
    });
    expect(queued.status).toBe(201);

    const response = await live.fhir.get('/Location');
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('5');
  });

  it('when a full fault is posted, then it is applied as given', async () => {
    await live.control.post('/faults', {
      route: 'GET /FHIR/Location',
      kind: 'status',
      status: 502,
      body: { statusCode: 502, message: 'Bad gateway' },
      count: 2,
    });
    expect((await live.fhir.get('/Location')).status).toBe(502);
    expect((await live.fhir.get('/Location')).status).toBe(502);
    expect((await live.fhir.get('/Location')).status).toBe(200);
  });

  it('when a fault or latency body is invalid, then it answers 400 and queues nothing', async () => {
    expect((await live.control.post('/faults', { route: '*', kind: 'explode' })).status).toBe(400);
    expect((await live.control.post('/latency', { route: '*', ms: -3 })).status).toBe(400);
    expect((await live.control.get('/faults')).data.pending).toEqual([]);
  });

  it('when latency is posted, then the route waits for it', async () => {
    expect((await live.control.post('/latency', { route: 'GET /FHIR/Location', ms: 200 })).status).toBe(204);
    await live.fhir.get('/Location');
    const [entry] = (await live.control.get('/journal')).data.entries;
    expect(entry.durationMs).toBeGreaterThanOrEqual(200);
  });

  it('when tokens are revoked over HTTP, then the old token gets 401', async () => {
    expect((await live.control.post('/tokens/revoke')).status).toBe(204);
    expect((await live.fhir.get('/Location')).status).toBe(401);
    live = { ...live, ...(await refreshToken(live)) };
  });

  it('when the token lifetime is set over HTTP, then new tokens carry it', async () => {
    expect((await live.control.post('/tokens/lifetime', { seconds: 30 })).status).toBe(204);
    const { credentials, tokenUrl } = live.emulator;
    const response = await axios.post(
      tokenUrl,
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        scope: credentials.scope,
      }),
    );
    expect(response.data.expires_in).toBe(30);
    expect((await live.control.get('/tokens/count')).data.tokenRequests).toBe(1);
  });

  it('when resources are listed, then created Media appear with their facility, and unknown types are 400', async () => {
    const created = await live.fhir.post('/Media', media(), {
      headers: { 'Content-Type': 'application/fhir+json' },
    });
    expect(created.status).toBe(201);

    const listed = await live.control.get('/resources/Media');
    expect(listed.data.resources).toEqual([
      expect.objectContaining({
        type: 'Media',
        facilityId: 'F2N060-E',
        resource: expect.objectContaining({ id: created.data.id }),
      }),
    ]);
    expect((await live.control.get('/resources/Patient')).status).toBe(400);
  });

  it('when reset is posted, then created resources, faults and latency are gone', async () => {
    await live.fhir.post('/Media', media(), { headers: { 'Content-Type': 'application/fhir+json' } });
    await live.control.post('/faults', { preset: 'practiceOffline' });
    await live.control.post('/reset');

    expect((await live.control.get('/resources/Media')).data.resources).toEqual([]);
    expect((await live.fhir.get('/Location')).status).toBe(200);
  });

  it('when the seed is read, then both facilities are listed', async () => {
    const seed = await live.control.get('/seed');
    expect(seed.data.facilities.map((f: { facilityId: string }) => f.facilityId)).toEqual([
      'F2N060-E',
      'F99669-C',
    ]);
  });
});

async function refreshToken(live: LiveEmulator): Promise<Pick<LiveEmulator, 'fhir' | 'token'>> {
  const { credentials, tokenUrl } = live.emulator;
  const response = await axios.post(
    tokenUrl,
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: credentials.scope,
    }),
  );
  const token = response.data.access_token as string;
  live.fhir.defaults.headers.Authorization = `Bearer ${token}`;
  return { fhir: live.fhir, token };
}
