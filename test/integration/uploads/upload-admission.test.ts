import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { buildHarness, declareFromPhone, gpsJpeg, startSession, type Harness } from '../sessions/harness';
import { multipartBody, openUpload } from './support/open-upload';
import { waitUntil } from '../../e2e/support/browser';

/** Enough of the body that the server is surely reading it: the part headers and a few bytes. */
const PARTIAL = 400;

async function listen(h: Harness): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(h.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function close(server: http.Server, h: Harness) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.close();
}

const statusOf = async (h: Harness, fileId: string) => (await h.staging.getFile(fileId))?.status;

/** Waits until the staged file shows `status`; `what` names the wait in a timeout. */
const untilStatus = (h: Harness, fileId: string, status: string, what: string) =>
  waitUntil(async () => (await statusOf(h, fileId)) === status, what);

describe('upload admission: one upload per file', () => {
  let h: Harness;
  let server: http.Server;
  let port: number;
  let photo: Buffer;
  beforeAll(async () => {
    photo = await gpsJpeg(800, 600);
  });
  beforeEach(async () => {
    h = buildHarness();
    ({ server, port } = await listen(h));
  });
  afterEach(() => close(server, h));

  /** A phone session with one declared file. */
  async function onePhoneFile() {
    const started = await startSession(h.app);
    const [file] = await declareFromPhone(h.app, started.token, [{ clientRef: 'p1' }]);
    return { started, file };
  }

  it('when a second upload of a file arrives while the first is on the wire, then 409 UPLOAD_IN_PROGRESS before its body is read', async () => {
    const { started, file } = await onePhoneFile();
    const first = openUpload(port, file.uploadUrl, started.token, photo, PARTIAL);
    await untilStatus(h, file.fileId, 'processing', 'the first upload holds the claim');

    // The second sends its headers only: the answer cannot have waited for a body.
    const second = openUpload(port, file.uploadUrl, started.token, photo, 0);
    const refused = await second.answer;
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('UPLOAD_IN_PROGRESS');
    expect(refused.headers.connection).toBe('close');
    expect(second.bytesSent()).toBe(0);

    first.finish();
    const received = await first.answer;
    expect(received.status).toBe(200);
    expect(received.body.status).toBe('ready');
    const third = openUpload(port, file.uploadUrl, started.token, photo, 0);
    expect((await third.answer).body.error?.code).toBe('UPLOAD_ALREADY_RECEIVED');
    await waitUntil(() => h.uploadBudget.reservedBytes === 0, 'every reservation is returned');
  });

  it('when an upload is aborted mid-body, then the file can be uploaded again and its bytes are no longer reserved', async () => {
    const { started, file } = await onePhoneFile();
    const first = openUpload(port, file.uploadUrl, started.token, photo, PARTIAL);
    await untilStatus(h, file.fileId, 'processing', 'the upload holds the claim');
    expect(h.uploadBudget.reservedBytes).toBeGreaterThan(photo.length);

    first.abort();
    await waitUntil(() => h.uploadBudget.reservedBytes === 0, 'the aborted reservation is returned');
    await untilStatus(h, file.fileId, 'awaiting_upload', 'the claim is given back');

    const again = openUpload(port, file.uploadUrl, started.token, photo, Infinity);
    expect((await again.answer).status).toBe(200);
  });

  it('when a refused file is sent again, then it stays failed until one upload at a time replaces it', async () => {
    const { started, file } = await onePhoneFile();
    const broken = openUpload(
      port,
      file.uploadUrl,
      started.token,
      Buffer.from('not a photo at all'),
      Infinity,
    );
    expect((await broken.answer).status).toBe(415);
    expect(await h.staging.getFile(file.fileId)).toMatchObject({
      status: 'failed',
      error: { code: 'UNSUPPORTED_MEDIA_TYPE' },
    });

    const retry = openUpload(port, file.uploadUrl, started.token, photo, PARTIAL);
    await untilStatus(h, file.fileId, 'processing', 'the retry holds the claim');
    const racing = await openUpload(port, file.uploadUrl, started.token, photo, 0).answer;
    expect(racing.body.error?.code).toBe('UPLOAD_IN_PROGRESS');
    retry.abort();
    await untilStatus(h, file.fileId, 'failed', 'the abandoned retry gives the claim back');
    expect((await h.staging.getFile(file.fileId))?.error?.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    expect((await openUpload(port, file.uploadUrl, started.token, photo, Infinity).answer).status).toBe(200);
  });
});

describe('upload admission: the buffered-bytes budget', () => {
  let h: Harness;
  let server: http.Server;
  let port: number;
  let photo: Buffer;
  let bodyBytes: number;
  beforeEach(async () => {
    photo = await gpsJpeg(800, 600);
    const { head, tail } = multipartBody(photo);
    bodyBytes = head.length + photo.length + tail.length;
    // Room for one upload of this photo, not two.
    h = buildHarness({
      env: {
        IMAGE_MAX_INPUT_BYTES: String(bodyBytes),
        UPLOAD_MAX_BUFFERED_BYTES: String(Math.floor(bodyBytes * 1.5)),
      },
    });
    ({ server, port } = await listen(h));
  });
  afterEach(() => close(server, h));

  /** A phone session with two declared files, each of the photo's size. */
  async function twoPhoneFiles() {
    const started = await startSession(h.app);
    const [one, two] = await declareFromPhone(h.app, started.token, [
      { clientRef: 'p1', sizeBytes: photo.length },
      { clientRef: 'p2', sizeBytes: photo.length },
    ]);
    return { started, one, two };
  }

  it('when the budget is taken, then another file gets 503 GATEWAY_BUSY with Retry-After before its body is read, and gets in once the first finishes', async () => {
    const { started, one, two } = await twoPhoneFiles();
    const first = openUpload(port, one.uploadUrl, started.token, photo, PARTIAL);
    await waitUntil(() => h.uploadBudget.reservedBytes === bodyBytes, 'the first upload reserves its length');

    const second = openUpload(port, two.uploadUrl, started.token, photo, 0);
    const busy = await second.answer;
    expect(busy.status).toBe(503);
    expect(busy.body.error?.code).toBe('GATEWAY_BUSY');
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    expect(second.bytesSent()).toBe(0);
    // Refused by the budget, the file is not left claimed.
    expect(await statusOf(h, two.fileId)).toBe('awaiting_upload');

    first.finish();
    expect((await first.answer).status).toBe(200);
    await waitUntil(() => h.uploadBudget.reservedBytes === 0, 'the finished upload returns its reservation');
    expect((await openUpload(port, two.uploadUrl, started.token, photo, Infinity).answer).status).toBe(200);
  });

  it('when the upload holding the budget is aborted, then its reservation is released and the next upload gets in', async () => {
    const { started, one, two } = await twoPhoneFiles();
    const first = openUpload(port, one.uploadUrl, started.token, photo, PARTIAL);
    await waitUntil(() => h.uploadBudget.reservedBytes === bodyBytes, 'the first upload reserves its length');
    expect((await openUpload(port, two.uploadUrl, started.token, photo, 0).answer).status).toBe(503);

    first.abort();
    await waitUntil(() => h.uploadBudget.reservedBytes === 0, 'the aborted upload returns its reservation');
    expect((await openUpload(port, two.uploadUrl, started.token, photo, Infinity).answer).status).toBe(200);
    expect((await openUpload(port, one.uploadUrl, started.token, photo, Infinity).answer).status).toBe(200);
  });

  it('when the desktop polls meanwhile, then a refused upload never shows as processing', async () => {
    const { started, one, two } = await twoPhoneFiles();
    const first = openUpload(port, one.uploadUrl, started.token, photo, PARTIAL);
    await waitUntil(() => h.uploadBudget.reservedBytes > 0, 'the first upload reserves its length');
    await openUpload(port, two.uploadUrl, started.token, photo, 0).answer;
    const view = await request(h.app)
      .get(`/api/integrations/medtech/mobile/sessions/${started.sessionId}`)
      .set({ Authorization: `Bearer ${h.config.auth.apiKeys[0]}` })
      .expect(200);
    expect(view.body.files.map((f: { status: string }) => f.status)).toEqual([
      'processing',
      'awaiting_upload',
    ]);
    first.abort();
    await waitUntil(() => h.uploadBudget.reservedBytes === 0, 'the aborted upload returns its reservation');
  });
});
