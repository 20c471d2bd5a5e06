import { createHmac } from 'node:crypto';
import sharp from 'sharp';
import request from 'supertest';
import { SEED } from '../../../src/emulator';
import { startGatewayWithEmulator, type GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { TEST_API_KEY, authHeader } from '../../helpers/test-config';

/**
 * QUALITY.md, Safety: no secret reaches a log or a response (client secret, ALEX access token,
 * API key, phone token), and no patient name, NHI or image bytes reach a log. One full phone
 * flow plus ALEX failures whose own text names the patient's NHI, then every captured log line
 * and every response (body and headers) is searched for each sentinel.
 */
const FACILITY = 'F2N060-E';
const PATIENT = SEED.facilities[0].patients[0];
const NHI = 'ZZZ0016';
const PATIENT_NAME = 'Sentinel Patientname';
const API = '/api/integrations/medtech';
const SCT = 'http://snomed.info/sct';
const FOREARM = { system: SCT, code: '14975008', display: 'Forearm' };

interface Recorded {
  label: string;
  text: string;
  /** Carries the phone token by contract (the initiate's link and QR code). */
  carriesToken?: boolean;
  /** Carries patientDisplay by contract (the phone's own session endpoint). */
  carriesPatient?: boolean;
}

const offlineMentioningNhi = {
  resourceType: 'OperationOutcome',
  issue: [
    { severity: 'error', code: 'exception', diagnostics: `Cannot reach the facility for patient ${NHI}` },
  ],
};

describe('when a whole phone flow and ALEX failures have been served', () => {
  let h: GatewayWithEmulator;
  const responses: Recorded[] = [];
  let mobileToken = '';
  let alexToken = '';

  function record(label: string, response: request.Response, flags: Partial<Recorded> = {}) {
    const body = Buffer.isBuffer(response.body) ? response.body.toString('latin1') : (response.text ?? '');
    responses.push({ label, text: `${JSON.stringify(response.headers)}\n${body}`, ...flags });
    return response;
  }

  beforeAll(async () => {
    h = await startGatewayWithEmulator();
    const app = h.gateway.app;
    const phone = () => ({ 'x-mobile-token': mobileToken });

    const initiated = record(
      'initiate',
      await request(app)
        .post(`${API}/mobile/initiate`)
        .set(authHeader)
        .send({
          encounterId: 'enc-leak',
          patientId: PATIENT.id,
          facilityId: FACILITY,
          patientDisplay: { name: PATIENT_NAME, nhi: NHI },
        })
        .expect(201),
      { carriesToken: true },
    );
    mobileToken = new URL(initiated.body.mobileUploadUrl).searchParams.get('t') ?? '';
    expect(mobileToken).not.toBe('');

    record('phone page', await request(app).get(`/mobile?t=${mobileToken}`).expect(200));
    const own = record(
      'phone session',
      await request(app).get(`${API}/mobile/session?t=${mobileToken}`).set(phone()).expect(200),
      { carriesPatient: true },
    );
    expect(own.body.patientDisplay).toEqual({ name: PATIENT_NAME, nhi: NHI });

    const declared = record(
      'phone upload-initiate',
      await request(app)
        .post(`${API}/attachments/upload-initiate`)
        .set(phone())
        .send({
          files: [
            { clientRef: 'a', contentType: 'image/jpeg', sizeBytes: 5000 },
            { clientRef: 'b', contentType: 'image/jpeg', sizeBytes: 5000 },
          ],
        })
        .expect(201),
    );
    const fileIds: string[] = [];
    for (const [index, file] of (
      declared.body.files as Array<{ fileId: string; uploadUrl: string }>
    ).entries()) {
      const jpeg = await sharp({
        create: { width: 120 + index, height: 90, channels: 3, background: { r: 200, g: 80 + index, b: 60 } },
      })
        .jpeg()
        .withExif({ IFD0: { Artist: PATIENT_NAME, ImageDescription: NHI } })
        .toBuffer();
      record(
        'phone upload',
        await request(app).post(file.uploadUrl).set(phone()).attach('file', jpeg, 'photo.jpg').expect(200),
      );
      fileIds.push(file.fileId);
    }
    record(
      'phone content',
      await request(app).get(`${API}/attachments/${fileIds[0]}/content`).set(phone()).expect(200),
    );
    record(
      'desktop session view',
      await request(app)
        .get(`${API}/mobile/sessions/${initiated.body.sessionId}`)
        .set(authHeader)
        .expect(200),
    );

    const commitBody = (fileId: string) => ({
      encounterId: 'enc-leak',
      patientId: PATIENT.id,
      facilityId: FACILITY,
      files: [{ fileId, meta: { title: 'Forearm lesion', bodySite: FOREARM } }],
    });
    record(
      'commit',
      await request(app)
        .post(`${API}/attachments/commit`)
        .set(authHeader)
        .send(commitBody(fileIds[0]))
        .expect(200),
    );
    h.emulator.state.failNext({
      route: 'POST /FHIR/Media',
      kind: 'status',
      status: 422,
      body: { ...offlineMentioningNhi, issue: [{ ...offlineMentioningNhi.issue[0], code: 'processing' }] },
    });
    const rejected = record(
      'commit rejected by ALEX',
      await request(app)
        .post(`${API}/attachments/commit`)
        .set(authHeader)
        .send(commitBody(fileIds[1]))
        .expect(207),
    );
    expect(rejected.body.files[0].error.code).toBe('ALEX_REJECTED');

    record(
      'connectivity test',
      await request(app)
        .get(`/api/medtech/test?facilityId=${FACILITY}&nhi=${NHI}`)
        .set(authHeader)
        .expect(200),
    );
    h.emulator.state.failNext({
      route: '*',
      count: 3,
      kind: 'status',
      status: 503,
      body: offlineMentioningNhi,
    });
    const offline = record(
      'connectivity test, practice offline',
      await request(app)
        .get(`/api/medtech/test?facilityId=${FACILITY}&nhi=${NHI}`)
        .set(authHeader)
        .expect(503),
    );
    expect(offline.body.error.code).toBe('PRACTICE_OFFLINE');

    // Refusals that carry the credentials or the patient in what they send.
    record(
      'forged phone token',
      await request(app)
        .get(`${API}/mobile/session`)
        .set({ 'x-mobile-token': `${mobileToken}x` })
        .expect(401),
    );
    record(
      'phone token as a bearer',
      await request(app)
        .get(`${API}/capabilities`)
        .set({ Authorization: `Bearer ${mobileToken}` })
        .expect(401),
    );
    record(
      'invalid initiate naming the patient',
      await request(app)
        .post(`${API}/mobile/initiate`)
        .set(authHeader)
        .send({
          encounterId: 'enc leak!',
          patientId: PATIENT.id,
          facilityId: FACILITY,
          patientDisplay: { name: PATIENT_NAME, nhi: `${NHI}9` },
        })
        .expect(400),
    );
    record('token-info', await request(app).get('/api/medtech/token-info').set(authHeader).expect(200));
    alexToken = await h.gateway.services.tokens.getToken();
  }, 60_000);
  afterAll(() => h.close());

  const sentinels = () => ({
    'the API key': TEST_API_KEY,
    'the phone token': mobileToken,
    // The token is opaque (no signature part); the HMAC the store keeps in its place must not leak either.
    "the phone token's stored HMAC": createHmac('sha256', h.gateway.config.mobile.tokenSecret)
      .update(mobileToken)
      .digest('hex'),
    'the client secret': h.emulator.credentials.clientSecret,
    'the ALEX access token': alexToken,
    "the ALEX access token's signature": alexToken.split('.')[2] ?? alexToken,
    'the patient name': PATIENT_NAME,
    'the NHI': NHI,
    "ALEX's family name of the patient": PATIENT.family,
  });

  it('then the flow really exercised the failures (the NHI-bearing ALEX text was logged, redacted)', () => {
    const failures = h.logs.lines().filter((line) => line.message === 'alex call failed');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    for (const line of failures) expect(line.upstreamText).toContain('[REDACTED]');
  });

  it('then no log line holds a secret, a token, the patient name or the NHI', () => {
    const logs = h.logs.text();
    for (const [what, value] of Object.entries(sentinels())) {
      expect(value.length).toBeGreaterThan(5);
      expect({ what, leaked: logs.includes(value) }).toEqual({ what, leaked: false });
    }
  });

  it('then no log line holds image bytes (no long base64 run)', () => {
    expect(h.logs.text()).not.toMatch(/[A-Za-z0-9+/]{200,}/);
  });

  it('then no response holds a secret or the patient, except what the contract hands over', () => {
    // The search sees what is there: the contract's own exceptions are found.
    expect(responses.find((r) => r.carriesToken)?.text).toContain(mobileToken);
    expect(responses.find((r) => r.carriesPatient)?.text).toContain(PATIENT_NAME);
    for (const response of responses) {
      for (const [what, value] of Object.entries(sentinels())) {
        const isToken = what.startsWith('the phone token');
        const isPatient = what === 'the patient name' || what === 'the NHI';
        if ((isToken && response.carriesToken) || (isPatient && response.carriesPatient)) continue;
        expect({ response: response.label, what, leaked: response.text.includes(value) }).toEqual({
          response: response.label,
          what,
          leaked: false,
        });
      }
    }
  });
});
