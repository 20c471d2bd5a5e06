import request from 'supertest';
import { openSse, type SseConnection } from '../../helpers/sse-client';
import {
  ATTACHMENTS,
  FACILITY,
  MOBILE,
  declareFromPhone,
  gpsJpeg,
  phone,
  startSession,
} from '../sessions/harness';
import { authHeader, desktopToken, eventsPath, startEventsGateway, type EventsGateway } from './support';

/** The stream of GATEWAY-API.md "Live status", over real sockets against the whole gateway. */
jest.setTimeout(30_000);

let gw: EventsGateway;
const open: SseConnection[] = [];
const connect = async (path: string, headers: Record<string, string> = {}) => {
  const connection = await openSse(gw.url + path, headers);
  open.push(connection);
  return connection;
};

beforeAll(async () => {
  gw = await startEventsGateway();
});
afterEach(() => open.splice(0).forEach((connection) => connection.close()));
afterAll(async () => gw.close());

async function uploadFromPhone(token: string, clientRef = 'p1') {
  const [file] = await declareFromPhone(gw.gateway.app, token, [{ clientRef }]);
  await request(gw.gateway.app)
    .post(file.uploadUrl)
    .set(phone(token))
    .attach('file', await gpsJpeg(640, 480), 'photo.jpg')
    .expect(200);
  return file;
}

describe('the event stream with the API key', () => {
  it('when a desktop opens the stream and the phone opens, declares and uploads, then a snapshot comes first and every change follows with increasing ids', async () => {
    const started = await startSession(gw.gateway.app, 'enc-deltas');
    const stream = await connect(`${eventsPath(started.sessionId)}?facilityId=${FACILITY}`, authHeader);

    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['cache-control']).toBe('no-store');
    expect(stream.headers['x-accel-buffering']).toBe('no');
    const snapshot = await stream.next();
    expect(snapshot).toMatchObject({
      event: 'snapshot',
      data: { sessionId: started.sessionId, state: 'created', files: [] },
    });
    expect(stream.raw().startsWith('retry: 2000\n\n')).toBe(true);

    await request(gw.gateway.app).get(`${MOBILE}/session`).set(phone(started.token)).expect(200);
    await expect(stream.next((e) => e.event === 'session')).resolves.toMatchObject({
      data: { state: 'opened', expiresAt: started.expiresAt },
    });
    const file = await uploadFromPhone(started.token);
    const ready = await stream.next((e) => e.event === 'file' && e.data.status === 'ready');
    expect(ready.data).toMatchObject({ fileId: file.fileId, clientRef: 'p1', contentType: 'image/jpeg' });
    expect(ready.data.thumbnailUrl).toContain(`/attachments/${file.fileId}/content`);

    const statuses = stream.events.filter((e) => e.event === 'file').map((e) => e.data.status);
    expect(statuses).toEqual(['awaiting_upload', 'processing', 'ready']);
    expect(stream.events.some((e) => e.event === 'session' && e.data.state === 'uploading')).toBe(true);
    const ids = stream.events.map((e) => Number(e.id));
    expect(ids).toEqual(ids.map((_id, index) => index + 1));
  });

  it('when a file is committed or deleted, then the stream says so', async () => {
    const started = await startSession(gw.gateway.app, 'enc-commit-delete');
    const stream = await connect(eventsPath(started.sessionId), authHeader);
    await stream.next();
    const kept = await uploadFromPhone(started.token, 'kept');
    const dropped = await uploadFromPhone(started.token, 'dropped');
    await stream.next(
      (e) => e.event === 'file' && e.data.fileId === dropped.fileId && e.data.status === 'ready',
    );

    await gw.gateway.services.staging.markCommitted(kept.fileId);
    await request(gw.gateway.app)
      .delete(`${ATTACHMENTS}/${dropped.fileId}`)
      .set(phone(started.token))
      .expect(204);

    await expect(stream.next((e) => e.data.status === 'committed')).resolves.toMatchObject({
      event: 'file',
      data: { fileId: kept.fileId },
    });
    await expect(stream.next((e) => e.event === 'file-deleted')).resolves.toMatchObject({
      data: { fileId: dropped.fileId },
    });
  });

  it('when a client reconnects with Last-Event-ID, then it starts again with a fresh snapshot holding the files', async () => {
    const started = await startSession(gw.gateway.app, 'enc-reconnect');
    const first = await connect(eventsPath(started.sessionId), authHeader);
    await first.next();
    const file = await uploadFromPhone(started.token);
    const ready = await first.next((e) => e.data.status === 'ready');
    first.close();

    const again = await connect(eventsPath(started.sessionId), {
      ...authHeader,
      'Last-Event-ID': String(ready.id),
    });
    const snapshot = await again.next();

    expect(snapshot.event).toBe('snapshot');
    expect(snapshot.id).toBe('1');
    expect(snapshot.data.files).toEqual([expect.objectContaining({ fileId: file.fileId, status: 'ready' })]);
    expect(snapshot.data.state).toBe('uploading');
  });

  it('when the frontend origin opens the stream, then it gets the same CORS headers as elsewhere; a foreign origin gets none', async () => {
    const started = await startSession(gw.gateway.app, 'enc-cors');
    const allowed = await connect(eventsPath(started.sessionId), {
      ...authHeader,
      Origin: 'https://app.example.test',
    });
    const foreign = await connect(eventsPath(started.sessionId), {
      ...authHeader,
      Origin: 'https://evil.example',
    });

    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.test');
    expect(foreign.status).toBe(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when the stream stays quiet, then keep-alive comments keep it open', async () => {
    const started = await startSession(gw.gateway.app, 'enc-keepalive');
    const stream = await connect(eventsPath(started.sessionId), authHeader);
    await stream.next();
    await new Promise((resolve) => setTimeout(resolve, 700));

    expect(stream.raw().match(/^: keep-alive$/gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('when the API key names another facility or an unknown session, then 404; without credentials, 401', async () => {
    const started = await startSession(gw.gateway.app, 'enc-404');
    const wrongFacility = await connect(`${eventsPath(started.sessionId)}?facilityId=F99669-C`, authHeader);
    const unknown = await connect(eventsPath('no-such-session'), authHeader);
    const anonymous = await connect(eventsPath(started.sessionId));

    expect(wrongFacility.status).toBe(404);
    expect(JSON.parse(wrongFacility.errorBody ?? '{}').error.code).toBe('SESSION_NOT_FOUND');
    expect(unknown.status).toBe(404);
    expect(anonymous.status).toBe(401);
  });
});

describe('the desktop token', () => {
  it('when initiate answers, then eventsUrl is absolute from GATEWAY_PUBLIC_URL whatever the Host header says, and events-token gives a fresh one', async () => {
    const answer = await request(gw.gateway.app)
      .post(`${MOBILE}/initiate`)
      .set(authHeader)
      .set('Host', 'evil.example')
      .send({ encounterId: 'enc-url', patientId: 'pat-1', facilityId: FACILITY })
      .expect(201);
    const fresh = await request(gw.gateway.app)
      .post(`${MOBILE}/sessions/${answer.body.sessionId}/events-token`)
      .set(authHeader)
      .send({ facilityId: FACILITY })
      .expect(200);

    const expected = `https://gateway.example.test${eventsPath(answer.body.sessionId)}?dt=`;
    expect(answer.body.eventsUrl.startsWith(expected)).toBe(true);
    expect(Date.parse(answer.body.eventsExpiresAt) - Date.now()).toBeGreaterThan(7100_000);
    expect(fresh.body.eventsUrl.startsWith(expected)).toBe(true);
    expect(desktopToken(fresh.body.eventsUrl)).not.toBe(desktopToken(answer.body.eventsUrl));
    expect(desktopToken(answer.body.eventsUrl)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('when a browser holds only the desktop token, then it opens its stream and reads its files, and everything else is 401 or 404', async () => {
    const mine = await startSession(gw.gateway.app, 'enc-dt-mine');
    const other = await startSession(gw.gateway.app, 'enc-dt-other');
    const dt = desktopToken((mine as unknown as { eventsUrl: string }).eventsUrl);
    const myFile = await uploadFromPhone(mine.token);
    const otherFile = await uploadFromPhone(other.token);
    const app = gw.gateway.app;

    const stream = await connect(`${eventsPath(mine.sessionId)}?dt=${dt}`);
    const snapshot = await stream.next();
    const content = await request(app).get(
      `${ATTACHMENTS}/${myFile.fileId}/content?facilityId=${FACILITY}&dt=${dt}`,
    );
    const thumbnail = await request(app).get(
      `${ATTACHMENTS}/${myFile.fileId}/content?facilityId=${FACILITY}&variant=thumbnail&dt=${dt}`,
    );

    expect(stream.status).toBe(200);
    expect(snapshot.data.files).toEqual([
      expect.objectContaining({ fileId: myFile.fileId, status: 'ready' }),
    ]);
    expect(content.status).toBe(200);
    expect(content.headers['content-type']).toBe('image/jpeg');
    expect(thumbnail.status).toBe(200);

    const otherStream = await connect(`${eventsPath(other.sessionId)}?dt=${dt}`);
    expect(otherStream.status).toBe(404);
    const refused = await Promise.all([
      request(app).get(`${ATTACHMENTS}/${otherFile.fileId}/content?facilityId=${FACILITY}&dt=${dt}`),
      request(app).get(`${MOBILE}/sessions/${mine.sessionId}?dt=${dt}`),
      request(app).post(`${MOBILE}/sessions/${mine.sessionId}/events-token?dt=${dt}`).send({}),
      request(app).delete(`${ATTACHMENTS}/${myFile.fileId}?dt=${dt}`),
      request(app).post(`${ATTACHMENTS}/upload-initiate?dt=${dt}`).send({ files: [] }),
      request(app).get(`${MOBILE}/session?dt=${dt}`),
      request(app).post(`${MOBILE}/initiate?dt=${dt}`).send({}),
      request(app).post(`${ATTACHMENTS}/commit?dt=${dt}`).send({}),
      request(app).get(`/api/integrations/medtech/capabilities?dt=${dt}`),
      request(app)
        .get(`${ATTACHMENTS}/${myFile.fileId}/content?facilityId=${FACILITY}`)
        .set('x-mobile-token', dt),
    ]);
    expect(refused.map((r) => r.status)).toEqual([404, 401, 401, 401, 401, 401, 401, 401, 401, 401]);
    const garbage = await connect(`${eventsPath(mine.sessionId)}?dt=${'x'.repeat(43)}`);
    expect(garbage.status).toBe(401);
  });

  it('when a newer QR code replaces the session, then the desktop-token stream hears "revoked" and ends, and the token is dead', async () => {
    const started = (await startSession(gw.gateway.app, 'enc-dt-revoke')) as Awaited<
      ReturnType<typeof startSession>
    > & {
      eventsUrl: string;
    };
    const dt = desktopToken(started.eventsUrl);
    const file = await uploadFromPhone(started.token);
    const stream = await connect(`${eventsPath(started.sessionId)}?dt=${dt}`);
    await stream.next();

    await startSession(gw.gateway.app, 'enc-dt-revoke');

    await expect(stream.next((e) => e.event === 'session')).resolves.toMatchObject({
      data: { state: 'revoked' },
    });
    await stream.whenEnded();
    const again = await connect(`${eventsPath(started.sessionId)}?dt=${dt}`);
    expect(again.status).toBe(401);
    const content = await request(gw.gateway.app).get(
      `${ATTACHMENTS}/${file.fileId}/content?facilityId=${FACILITY}&dt=${dt}`,
    );
    expect(content.status).toBe(401);
  });
});

describe('the phone token', () => {
  it('when the phone opens its stream with ?t=, then its snapshot is its session view plus its files, and no other session', async () => {
    const mine = await startSession(gw.gateway.app, 'enc-phone-mine');
    const other = await startSession(gw.gateway.app, 'enc-phone-other');
    const file = await uploadFromPhone(mine.token);

    const stream = await connect(`${eventsPath(mine.sessionId)}?t=${encodeURIComponent(mine.token)}`);
    const snapshot = await stream.next();
    const byHeader = await connect(eventsPath(mine.sessionId), phone(mine.token));
    const otherSession = await connect(`${eventsPath(other.sessionId)}?t=${encodeURIComponent(mine.token)}`);

    expect(snapshot.data).toMatchObject({
      state: 'uploading',
      patientDisplay: { nhi: 'ZZZ0016' },
      limits: expect.objectContaining({ maxPerRequest: 10 }),
      files: [expect.objectContaining({ fileId: file.fileId, status: 'ready' })],
    });
    expect(snapshot.data.sessionId).toBe(mine.sessionId);
    expect(byHeader.status).toBe(200);
    expect(otherSession.status).toBe(404);
  });

  it('when the session is revoked, then the phone stream hears it and ends, and the token opens no stream', async () => {
    const started = await startSession(gw.gateway.app, 'enc-phone-revoke');
    const stream = await connect(`${eventsPath(started.sessionId)}?t=${encodeURIComponent(started.token)}`);
    await stream.next();

    await startSession(gw.gateway.app, 'enc-phone-revoke');

    await expect(stream.next((e) => e.event === 'session')).resolves.toMatchObject({
      data: { state: 'revoked' },
    });
    await stream.whenEnded();
    const again = await connect(`${eventsPath(started.sessionId)}?t=${encodeURIComponent(started.token)}`);
    expect(again.status).toBe(410);
  });
});

describe('session expiry', () => {
  it('when the session passes its expiry, then every stream hears "expired"; the phone stream then ends, the desktop one stays', async () => {
    const short = await startEventsGateway({ env: { MOBILE_SESSION_TTL_SECONDS: '1' } });
    try {
      const started = await startSession(short.gateway.app, 'enc-expiry');
      const desk = await openSse(short.url + eventsPath(started.sessionId), authHeader);
      const phoneStream = await openSse(
        `${short.url}${eventsPath(started.sessionId)}?t=${encodeURIComponent(started.token)}`,
      );
      await Promise.all([desk.next(), phoneStream.next()]);

      await expect(desk.next((e) => e.event === 'session', 3000)).resolves.toMatchObject({
        data: { state: 'expired' },
      });
      await expect(phoneStream.next((e) => e.event === 'session', 3000)).resolves.toMatchObject({
        data: { state: 'expired' },
      });
      await phoneStream.whenEnded();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(desk.ended()).toBe(false);
      desk.close();
    } finally {
      await short.close();
    }
  });
});

describe('stream limits', () => {
  it('when a session has five streams in this process, then the sixth gets 429 TOO_MANY_STREAMS, and a place frees when one closes', async () => {
    const started = await startSession(gw.gateway.app, 'enc-limit');
    const five = await Promise.all(
      [1, 2, 3, 4, 5].map(() => connect(eventsPath(started.sessionId), authHeader)),
    );
    const sixth = await connect(eventsPath(started.sessionId), authHeader);

    expect(five.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    expect(sixth.status).toBe(429);
    expect(JSON.parse(sixth.errorBody ?? '{}').error).toMatchObject({
      code: 'TOO_MANY_STREAMS',
      retryable: true,
    });
    expect(sixth.headers['retry-after']).toBeDefined();

    five[0].close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const replacement = await connect(eventsPath(started.sessionId), authHeader);
    expect(replacement.status).toBe(200);
  });

  it('when the process holds EVENTS_MAX_STREAMS streams, then the next gets 503; while draining every stream is closed and new ones get 503', async () => {
    const small = await startEventsGateway({ env: { EVENTS_MAX_STREAMS: '2' } });
    try {
      const a = await startSession(small.gateway.app, 'enc-max-a');
      const b = await startSession(small.gateway.app, 'enc-max-b');
      const first = await openSse(small.url + eventsPath(a.sessionId), authHeader);
      const second = await openSse(small.url + eventsPath(b.sessionId), authHeader);
      const third = await openSse(small.url + eventsPath(b.sessionId), authHeader);

      expect([first.status, second.status]).toEqual([200, 200]);
      expect(third.status).toBe(503);
      expect(JSON.parse(third.errorBody ?? '{}').error.code).toBe('SERVICE_UNAVAILABLE');

      small.gateway.shutdown.draining = true;
      small.gateway.events.registry.closeAll();
      await Promise.all([first.whenEnded(), second.whenEnded()]);
      expect(small.gateway.events.registry.openCount()).toBe(0);
      const late = await openSse(small.url + eventsPath(a.sessionId), authHeader);
      expect(late.status).toBe(503);
    } finally {
      await small.close();
    }
  });
});
