import exifr from 'exifr';
import sharp from 'sharp';
import request from 'supertest';
import {
  ATTACHMENTS,
  FACILITY,
  MOBILE,
  OTHER_FACILITY,
  authHeader,
  buildHarness,
  declareFromPhone,
  gpsJpeg,
  phone,
  startSession,
  type Harness,
} from '../sessions/harness';

const PDF = Buffer.from(
  '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');

/** Follows the server's own uploadUrl, as the phone page does. */
const upload = (
  h: Harness,
  uploadUrl: string,
  headers: Record<string, string>,
  bytes: Buffer,
  name = 'photo.jpg',
) =>
  request(h.app)
    .post(uploadUrl)
    .set(headers)
    .attach('file', bytes, { filename: name, contentType: 'image/jpeg' });

describe('uploads from the phone', () => {
  let h: Harness;
  beforeEach(() => {
    h = buildHarness();
  });
  afterEach(() => h.close());

  it('when a GPS-tagged JPEG is uploaded, then it is ready, and the content is a clean JPEG without GPS', async () => {
    const started = await startSession(h.app);
    const original = await gpsJpeg(1200, 900);
    expect(await exifr.gps(original)).toBeDefined();
    const [file] = await declareFromPhone(h.app, started.token, [
      { clientRef: 'p1', sizeBytes: original.length },
    ]);
    expect(file.uploadUrl).toBe(`${ATTACHMENTS}/uploads/${file.fileId}`);

    const response = await upload(h, file.uploadUrl, phone(started.token), original).expect(200);
    expect(response.body).toEqual({
      fileId: file.fileId,
      status: 'ready',
      contentType: 'image/jpeg',
      sizeBytes: expect.any(Number),
      width: 1200,
      height: 900,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      originalBytes: original.length,
      originalType: 'image/jpeg',
    });

    const content = await request(h.app)
      .get(`${ATTACHMENTS}/${file.fileId}/content?facilityId=${FACILITY}`)
      .set(authHeader)
      .buffer(true)
      .expect(200);
    expect(content.headers['content-type']).toBe('image/jpeg');
    expect(content.headers['cache-control']).toBe('private, no-store');
    const bytes = content.body as Buffer;
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(bytes.length).toBe(response.body.sizeBytes);
    expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();

    const thumb = await request(h.app)
      .get(`${ATTACHMENTS}/${file.fileId}/content`)
      .query({ facilityId: FACILITY, variant: 'thumbnail' })
      .set(authHeader)
      .buffer(true)
      .expect(200);
    const meta = await sharp(thumb.body as Buffer).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(320);

    // The phone may read its own file with its token.
    await request(h.app).get(`${ATTACHMENTS}/${file.fileId}/content`).set(phone(started.token)).expect(200);
  });

  it('when the first upload lands, then the desktop view shows uploading with the ready file and its URLs', async () => {
    const started = await startSession(h.app);
    const files = await declareFromPhone(h.app, started.token, [{ clientRef: 'p1' }, { clientRef: 'p2' }]);
    await upload(h, files[0].uploadUrl, phone(started.token), await gpsJpeg(400, 300)).expect(200);
    const view = await request(h.app)
      .get(`${MOBILE}/sessions/${started.sessionId}`)
      .set(authHeader)
      .expect(200);
    expect(view.body.state).toBe('uploading');
    expect(view.body.files).toEqual([
      {
        fileId: files[0].fileId,
        clientRef: 'p1',
        position: 1,
        status: 'ready',
        contentType: 'image/jpeg',
        sizeBytes: expect.any(Number),
        width: 400,
        height: 300,
        sha256: expect.any(String),
        error: null,
        previewUrl: `${ATTACHMENTS}/${files[0].fileId}/content?facilityId=${FACILITY}`,
        thumbnailUrl: `${ATTACHMENTS}/${files[0].fileId}/content?facilityId=${FACILITY}&variant=thumbnail`,
        commit: null,
      },
      expect.objectContaining({
        fileId: files[1].fileId,
        clientRef: 'p2',
        position: 2,
        status: 'awaiting_upload',
        previewUrl: null,
      }),
    ]);
    // The preview URL works as given.
    await request(h.app).get(view.body.files[0].previewUrl).set(authHeader).expect(200);
  });

  it('when a ready file is uploaded again, then 409 UPLOAD_ALREADY_RECEIVED', async () => {
    const started = await startSession(h.app);
    const [file] = await declareFromPhone(h.app, started.token, [{ clientRef: 'p1' }]);
    const jpeg = await gpsJpeg(300, 200);
    await upload(h, file.uploadUrl, phone(started.token), jpeg).expect(200);
    const again = await upload(h, file.uploadUrl, phone(started.token), jpeg).expect(409);
    expect(again.body.error.code).toBe('UPLOAD_ALREADY_RECEIVED');
  });

  it.each([
    ['PDF', PDF],
    ['HTML', HTML],
  ])(
    'when %s bytes are named .jpg, then 415 and the file is failed, and a real photo may then be sent',
    async (_kind, bytes) => {
      const started = await startSession(h.app);
      const [file] = await declareFromPhone(h.app, started.token, [{ clientRef: 'p1' }]);
      const refused = await upload(h, file.uploadUrl, phone(started.token), bytes, 'photo.jpg').expect(415);
      expect(refused.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const view = await request(h.app)
        .get(`${MOBILE}/sessions/${started.sessionId}`)
        .set(authHeader)
        .expect(200);
      expect(view.body.files[0]).toMatchObject({
        status: 'failed',
        error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: refused.body.error.message },
      });
      await upload(h, file.uploadUrl, phone(started.token), await gpsJpeg(300, 200)).expect(200);
    },
  );

  it('when 11 files are declared, then 400 VALIDATION_FAILED', async () => {
    const started = await startSession(h.app);
    const files = Array.from({ length: 11 }, (_, i) => ({
      clientRef: `p${i}`,
      contentType: 'image/jpeg',
      sizeBytes: 10,
    }));
    const response = await request(h.app)
      .post(`${ATTACHMENTS}/upload-initiate`)
      .set(phone(started.token))
      .send({ files })
      .expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details[0].path).toBe('files');
  });

  it('when a declared type is application/pdf, then 415 naming the field', async () => {
    const started = await startSession(h.app);
    const response = await request(h.app)
      .post(`${ATTACHMENTS}/upload-initiate`)
      .set(phone(started.token))
      .send({ files: [{ clientRef: 'a', contentType: 'application/pdf', sizeBytes: 10 }] })
      .expect(415);
    expect(response.body.error.details[0].path).toBe('files.0.contentType');
  });

  it('when the browser declares application/octet-stream for a PNG, then the bytes decide and it is ready', async () => {
    const started = await startSession(h.app);
    const png = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 120, b: 200 } },
    })
      .png()
      .toBuffer();
    const [file] = await declareFromPhone(h.app, started.token, [
      { clientRef: 'unknown-type', contentType: 'application/octet-stream', sizeBytes: png.length },
    ]);
    const response = await request(h.app)
      .post(file.uploadUrl)
      .set(phone(started.token))
      .attach('file', png, { filename: 'photo', contentType: 'application/octet-stream' })
      .expect(200);
    expect(response.body).toMatchObject({
      status: 'ready',
      contentType: 'image/jpeg',
      originalType: 'image/png',
      width: 64,
      height: 48,
    });
  });

  it('when a declared size is over the limit, then 413 naming the field', async () => {
    const started = await startSession(h.app);
    const response = await request(h.app)
      .post(`${ATTACHMENTS}/upload-initiate`)
      .set(phone(started.token))
      .send({ files: [{ clientRef: 'a', contentType: 'image/heic', sizeBytes: 26_214_401 }] })
      .expect(413);
    expect(response.body.error.code).toBe('FILE_TOO_LARGE');
    expect(response.body.error.details[0].path).toBe('files.0.sizeBytes');
  });

  it('when an encounter would pass 50 MB of declared photos, then 413 with a clear message', async () => {
    const started = await startSession(h.app);
    const big = { contentType: 'image/jpeg', sizeBytes: 20_000_000 };
    await request(h.app)
      .post(`${ATTACHMENTS}/upload-initiate`)
      .set(phone(started.token))
      .send({
        files: [
          { clientRef: 'a', ...big },
          { clientRef: 'b', ...big },
        ],
      })
      .expect(201);
    const response = await request(h.app)
      .post(`${ATTACHMENTS}/upload-initiate`)
      .set(phone(started.token))
      .send({ files: [{ clientRef: 'c', ...big }] })
      .expect(413);
    expect(response.body.error.message).toMatch(/50 MB/);
  });

  it('when the multipart body has no file field, then 400 VALIDATION_FAILED', async () => {
    const started = await startSession(h.app);
    const [file] = await declareFromPhone(h.app, started.token, [{ clientRef: 'p1' }]);
    const response = await request(h.app)
      .post(file.uploadUrl)
      .set(phone(started.token))
      .field('note', 'x')
      .expect(400);
    expect(response.body.error.details[0].path).toBe('file');
    const wrongField = await request(h.app)
      .post(file.uploadUrl)
      .set(phone(started.token))
      .attach('photo', await gpsJpeg(100, 100), 'a.jpg')
      .expect(400);
    expect(wrongField.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('when a file is deleted, then 204, the content is gone, and the desktop no longer lists it', async () => {
    const started = await startSession(h.app);
    const [file] = await declareFromPhone(h.app, started.token, [{ clientRef: 'p1' }]);
    await upload(h, file.uploadUrl, phone(started.token), await gpsJpeg(300, 200)).expect(200);
    await request(h.app)
      .delete(`${ATTACHMENTS}/${file.fileId}?facilityId=${FACILITY}`)
      .set(authHeader)
      .expect(204);
    const gone = await request(h.app)
      .get(`${ATTACHMENTS}/${file.fileId}/content?facilityId=${FACILITY}`)
      .set(authHeader)
      .expect(404);
    expect(gone.body.error.code).toBe('FILE_NOT_FOUND');
    const view = await request(h.app)
      .get(`${MOBILE}/sessions/${started.sessionId}`)
      .set(authHeader)
      .expect(200);
    expect(view.body.files).toEqual([]);
  });

  it('when the phone deletes its own file, then 204 and a second delete is 404', async () => {
    const started = await startSession(h.app);
    const [file] = await declareFromPhone(h.app, started.token, [{ clientRef: 'p1' }]);
    await request(h.app).delete(`${ATTACHMENTS}/${file.fileId}`).set(phone(started.token)).expect(204);
    await request(h.app).delete(`${ATTACHMENTS}/${file.fileId}`).set(phone(started.token)).expect(404);
  });

  it('when session A uses its token on session B files, then upload, read and delete are all 404', async () => {
    const a = await startSession(h.app, 'enc-a');
    const b = await startSession(h.app, 'enc-b');
    const [bFile] = await declareFromPhone(h.app, b.token, [{ clientRef: 'b1' }]);
    await upload(h, bFile.uploadUrl, phone(b.token), await gpsJpeg(300, 200)).expect(200);

    const viaA = [
      await upload(h, bFile.uploadUrl, phone(a.token), await gpsJpeg(300, 200)),
      await request(h.app).get(`${ATTACHMENTS}/${bFile.fileId}/content`).set(phone(a.token)),
      await request(h.app).delete(`${ATTACHMENTS}/${bFile.fileId}`).set(phone(a.token)),
    ];
    for (const response of viaA) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('FILE_NOT_FOUND');
    }
    await request(h.app).get(`${ATTACHMENTS}/${bFile.fileId}/content`).set(phone(b.token)).expect(200);
  });

  it('when the session was revoked, then an upload to its declared file gets 410 SESSION_REVOKED', async () => {
    const started = await startSession(h.app);
    const [file] = await declareFromPhone(h.app, started.token, [{ clientRef: 'p1' }]);
    await startSession(h.app);
    const response = await upload(h, file.uploadUrl, phone(started.token), await gpsJpeg(300, 200)).expect(
      410,
    );
    expect(response.body.error.code).toBe('SESSION_REVOKED');
  });

  it('when content is asked for without a facility, or for another one, then 400, 403 or 404', async () => {
    const started = await startSession(h.app);
    const [file] = await declareFromPhone(h.app, started.token, [{ clientRef: 'p1' }]);
    await upload(h, file.uploadUrl, phone(started.token), await gpsJpeg(300, 200)).expect(200);
    const base = `${ATTACHMENTS}/${file.fileId}/content`;
    expect((await request(h.app).get(base).set(authHeader).expect(400)).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    const unknown = await request(h.app).get(`${base}?facilityId=NOT-MINE`).set(authHeader).expect(403);
    expect(unknown.body.error.code).toBe('FACILITY_NOT_ALLOWED');
    await request(h.app).get(`${base}?facilityId=${OTHER_FACILITY}`).set(authHeader).expect(404);
    await request(h.app).get(base).expect(401);
  });
});

describe('uploads from the desktop (API key)', () => {
  let h: Harness;
  beforeEach(() => {
    h = buildHarness();
  });
  afterEach(() => h.close());

  it('when the desktop declares with its context and uploads, then the file is ready in an upload group', async () => {
    const declared = await request(h.app)
      .post(`${ATTACHMENTS}/upload-initiate`)
      .set(authHeader)
      .send({
        encounterId: 'enc-1',
        patientId: 'pat-1',
        facilityId: FACILITY,
        files: [{ clientRef: 'd1', contentType: 'image/png', sizeBytes: 2000 }],
      })
      .expect(201);
    const [file] = declared.body.files;
    expect(file).toMatchObject({
      clientRef: 'd1',
      method: 'POST',
      fieldName: 'file',
      expiresAt: expect.any(String),
    });
    expect(declared.body.uploadSessionId).toEqual(expect.any(String));

    const png = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#3366aa' } })
      .png()
      .toBuffer();
    const response = await upload(h, file.uploadUrl, authHeader, png, 'scan.png').expect(200);
    expect(response.body).toMatchObject({
      status: 'ready',
      originalType: 'image/png',
      width: 50,
      height: 40,
    });
    const staged = await h.staging.getFile(file.fileId);
    expect(staged).toMatchObject({
      facilityId: FACILITY,
      patientId: 'pat-1',
      encounterId: 'enc-1',
      sessionId: null,
    });
    expect(Date.parse(staged?.uploadedAt ?? '')).not.toBeNaN();
  });

  it('when the desktop declares for an unknown facility, then 403 FACILITY_NOT_ALLOWED', async () => {
    const response = await request(h.app)
      .post(`${ATTACHMENTS}/upload-initiate`)
      .set(authHeader)
      .send({
        encounterId: 'enc-1',
        patientId: 'pat-1',
        facilityId: 'NOT-MINE',
        files: [{ clientRef: 'd1', contentType: 'image/jpeg', sizeBytes: 10 }],
      })
      .expect(403);
    expect(response.body.error.code).toBe('FACILITY_NOT_ALLOWED');
  });

  it('when the desktop uploads to a file the phone declared, then 404 (the same credential kind must upload)', async () => {
    const started = await startSession(h.app);
    const [file] = await declareFromPhone(h.app, started.token, [{ clientRef: 'p1' }]);
    await upload(h, file.uploadUrl, authHeader, await gpsJpeg(100, 100)).expect(404);
  });
});
