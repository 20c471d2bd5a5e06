import exifr from 'exifr';
import sharp from 'sharp';
import request from 'supertest';
import { corpusFile, describeWithCorpus } from '../../helpers/photo-corpus';
import {
  ATTACHMENTS,
  MOBILE,
  authHeader,
  buildHarness,
  declareFromPhone,
  phone,
  startSession,
  type Harness,
} from '../sessions/harness';

describeWithCorpus('uploads of real phone photos', () => {
  let h: Harness;
  beforeAll(() => {
    h = buildHarness();
  });
  afterAll(() => h.close());

  it('when an iPhone HEIC and a GPS-tagged iPhone JPEG are uploaded, then both are ready in the desktop view, without GPS', async () => {
    const heic = corpusFile('iphone_13_pro_max.HEIC');
    const gpsJpeg = corpusFile('iphone_hdr_YES.jpg');
    expect(await exifr.gps(gpsJpeg)).toBeDefined();
    const started = await startSession(h.app);
    const [heicFile, jpegFile] = await declareFromPhone(h.app, started.token, [
      { clientRef: 'heic', contentType: 'image/heic', sizeBytes: heic.length },
      { clientRef: 'jpeg', contentType: 'image/jpeg', sizeBytes: gpsJpeg.length },
    ]);

    const [heicResponse, jpegResponse] = await Promise.all([
      request(h.app)
        .post(heicFile.uploadUrl)
        .set(phone(started.token))
        .attach('file', heic, { filename: 'IMG_0001.HEIC', contentType: 'image/heic' }),
      request(h.app)
        .post(jpegFile.uploadUrl)
        .set(phone(started.token))
        .attach('file', gpsJpeg, { filename: 'IMG_0002.JPG', contentType: 'image/jpeg' }),
    ]);
    expect(heicResponse.status).toBe(200);
    expect(jpegResponse.status).toBe(200);
    expect(heicResponse.body).toMatchObject({ status: 'ready', originalType: 'image/heic' });
    // EXIF orientation 6 on a 4032x3024 sensor: stored upright as portrait, capped at 2048.
    expect(heicResponse.body.height).toBeGreaterThan(heicResponse.body.width);
    expect(Math.max(heicResponse.body.width, heicResponse.body.height)).toBeLessThanOrEqual(2048);

    const view = await request(h.app)
      .get(`${MOBILE}/sessions/${started.sessionId}`)
      .set(authHeader)
      .expect(200);
    expect(
      view.body.files.map((f: { clientRef: string; status: string }) => [f.clientRef, f.status]),
    ).toEqual([
      ['heic', 'ready'],
      ['jpeg', 'ready'],
    ]);

    for (const file of view.body.files as Array<{ previewUrl: string }>) {
      const content = await request(h.app).get(file.previewUrl).set(authHeader).buffer(true).expect(200);
      const bytes = content.body as Buffer;
      expect((await sharp(bytes).metadata()).format).toBe('jpeg');
      expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();
      expect(bytes.length).toBeLessThanOrEqual(h.config.images.maxOutputBytes);
    }
  });

  it('when a truncated JPEG is uploaded, then 422 IMAGE_UNREADABLE and the file is failed', async () => {
    const started = await startSession(h.app, 'enc-truncated');
    const corrupted = corpusFile('corrupted.jpg');
    const [file] = await declareFromPhone(h.app, started.token, [
      { clientRef: 'c', sizeBytes: corrupted.length },
    ]);
    const response = await request(h.app)
      .post(file.uploadUrl)
      .set(phone(started.token))
      .attach('file', corrupted, 'corrupted.jpg')
      .expect(422);
    expect(response.body.error.code).toBe('IMAGE_UNREADABLE');
    const content = await request(h.app)
      .get(`${ATTACHMENTS}/${file.fileId}/content`)
      .set(phone(started.token));
    expect(content.status).toBe(404);
    expect((await h.staging.getFile(file.fileId))?.status).toBe('failed');
  });
});
