import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import {
  ATTACHMENTS,
  FACILITY,
  MOBILE,
  OTHER_FACILITY,
  PATIENT_NAME,
  PATIENT_NHI,
  authHeader,
  buildHarness,
  phone,
  startSession,
  type Harness,
} from './harness';

describe('phone handoff sessions', () => {
  let h: Harness;
  beforeEach(() => {
    h = buildHarness({ env: { MOBILE_UPLOAD_BASE_URL: 'https://gw.example.nz/mobile?src=qr' } });
  });
  afterEach(() => h.close());

  it('when the desktop initiates, then 201 carries the phone link and an SVG QR code of it', async () => {
    const response = await request(h.app)
      .post(`${MOBILE}/initiate`)
      .set(authHeader)
      .send({ encounterId: 'enc-1', patientId: 'pat-1', facilityId: FACILITY })
      .expect(201);
    const { sessionId, mobileUploadUrl, qrSvg, expiresAt, ttlSeconds } = response.body;
    expect(typeof sessionId).toBe('string');
    expect(ttlSeconds).toBe(600);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(590_000);
    const url = new URL(mobileUploadUrl);
    expect(url.searchParams.get('src')).toBe('qr');
    expect(url.searchParams.get('t')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(qrSvg).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(qrSvg.split(',')[1], 'base64').toString('utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('</svg>');
  });

  it('when the token is read, then it is opaque random bytes holding no data, and the name and NHI never reach the logs', async () => {
    const started = await startSession(h.app);
    expect(started.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(jwt.decode(started.token)).toBeNull();
    expect(Buffer.from(started.token, 'base64url').toString('latin1')).not.toMatch(
      /Aroha|ZZZ0016|pat-1|enc-1/,
    );
    expect(started.token).not.toContain(started.sessionId);
    const mine = await request(h.app).get(`${MOBILE}/session`).set(phone(started.token)).expect(200);
    expect(mine.body.patientDisplay).toEqual({ name: PATIENT_NAME, nhi: PATIENT_NHI });
    expect(h.logs.text()).not.toContain('Aroha');
    expect(h.logs.text()).not.toContain(PATIENT_NHI);
    expect(h.logs.text()).not.toContain(started.token);
  });

  it('when the phone loads its session, then it sees its header and limits and the desktop sees opened', async () => {
    const started = await startSession(h.app);
    const before = await request(h.app)
      .get(`${MOBILE}/sessions/${started.sessionId}`)
      .set(authHeader)
      .expect(200);
    expect(before.body).toEqual({
      sessionId: started.sessionId,
      state: 'created',
      expiresAt: started.expiresAt,
      files: [],
    });

    const mine = await request(h.app).get(`${MOBILE}/session`).set(phone(started.token)).expect(200);
    expect(mine.body).toEqual({
      sessionId: started.sessionId,
      state: 'opened',
      expiresAt: started.expiresAt,
      patientDisplay: { name: PATIENT_NAME, nhi: PATIENT_NHI },
      limits: {
        maxPerRequest: 10,
        maxInputBytes: 26_214_400,
        maxTotalBytesPerEncounter: 52_428_800,
        acceptedTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'],
      },
    });
    const after = await request(h.app)
      .get(`${MOBILE}/sessions/${started.sessionId}?facilityId=${FACILITY}`)
      .set(authHeader)
      .expect(200);
    expect(after.body.state).toBe('opened');
  });

  it('when a new QR code is made for the same encounter, then the old token gets 410 SESSION_REVOKED', async () => {
    const first = await startSession(h.app);
    const second = await startSession(h.app);
    const refused = await request(h.app).get(`${MOBILE}/session`).set(phone(first.token)).expect(410);
    expect(refused.body.error.code).toBe('SESSION_REVOKED');
    await request(h.app).get(`${MOBILE}/session`).set(phone(second.token)).expect(200);
    const view = await request(h.app)
      .get(`${MOBILE}/sessions/${first.sessionId}`)
      .set(authHeader)
      .expect(200);
    expect(view.body.state).toBe('revoked');
  });

  describe('when the token is forged or mangled', () => {
    const cases: Array<[string, (token: string) => string]> = [
      ['a changed character', (t) => `${t.slice(0, 5)}${t[5] === 'A' ? 'B' : 'A'}${t.slice(6)}`],
      ['a random token of the right shape', () => randomBytes(16).toString('base64url')],
      ['the token with a character more', (t) => `${t}A`],
      [
        'a JWT naming nothing the gateway knows',
        () => jwt.sign({ sub: 'x' }, 'some-other-secret-0000000000000000000000'),
      ],
      ['an empty value', () => ''],
    ];
    it.each(cases)('then %s gets 401 UNAUTHENTICATED', async (_name, mangle) => {
      const started = await startSession(h.app);
      const response = await request(h.app)
        .get(`${MOBILE}/session`)
        .set(phone(mangle(started.token)))
        .expect(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    });
  });

  it('when there is no credential, then the phone endpoint and the desktop endpoints answer 401', async () => {
    const started = await startSession(h.app);
    await request(h.app).get(`${MOBILE}/session`).expect(401);
    await request(h.app).get(`${MOBILE}/sessions/${started.sessionId}`).expect(401);
    // A phone token is not an API key.
    await request(h.app).get(`${MOBILE}/sessions/${started.sessionId}`).set(phone(started.token)).expect(401);
    await request(h.app)
      .post(`${MOBILE}/initiate`)
      .set(phone(started.token))
      .send({ encounterId: 'enc-1', patientId: 'pat-1', facilityId: FACILITY })
      .expect(401);
  });

  it('when the facility is not configured, then initiate and the session view answer 403 FACILITY_NOT_ALLOWED', async () => {
    const refused = await request(h.app)
      .post(`${MOBILE}/initiate`)
      .set(authHeader)
      .send({ encounterId: 'enc-1', patientId: 'pat-1', facilityId: 'NOT-MINE' })
      .expect(403);
    expect(refused.body.error.code).toBe('FACILITY_NOT_ALLOWED');
    const started = await startSession(h.app);
    const view = await request(h.app)
      .get(`${MOBILE}/sessions/${started.sessionId}?facilityId=NOT-MINE`)
      .set(authHeader)
      .expect(403);
    expect(view.body.error.code).toBe('FACILITY_NOT_ALLOWED');
  });

  it('when the session view names another allowed facility or an unknown id, then 404 SESSION_NOT_FOUND', async () => {
    const started = await startSession(h.app);
    const other = await request(h.app)
      .get(`${MOBILE}/sessions/${started.sessionId}?facilityId=${OTHER_FACILITY}`)
      .set(authHeader)
      .expect(404);
    expect(other.body.error.code).toBe('SESSION_NOT_FOUND');
    await request(h.app).get(`${MOBILE}/sessions/no-such-session`).set(authHeader).expect(404);
  });

  it('when initiate is sent without required fields, then 400 VALIDATION_FAILED names them', async () => {
    const response = await request(h.app)
      .post(`${MOBILE}/initiate`)
      .set(authHeader)
      .send({ facilityId: FACILITY, patientDisplay: { name: 'X', nhi: 'not an nhi' } })
      .expect(400);
    const paths = response.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['encounterId', 'patientId', 'patientDisplay.nhi']));
    expect(JSON.stringify(response.body)).not.toContain('not an nhi');
  });

  it('when the phone tries to name a facility, patient or encounter, then 400 and nothing is declared', async () => {
    const started = await startSession(h.app);
    const response = await request(h.app)
      .post(`${ATTACHMENTS}/upload-initiate`)
      .set(phone(started.token))
      .send({
        facilityId: OTHER_FACILITY,
        encounterId: 'enc-9',
        files: [{ clientRef: 'a', contentType: 'image/jpeg', sizeBytes: 10 }],
      })
      .expect(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'encounterId',
      'facilityId',
    ]);
    const view = await request(h.app)
      .get(`${MOBILE}/sessions/${started.sessionId}`)
      .set(authHeader)
      .expect(200);
    expect(view.body.files).toEqual([]);
  });
});

describe('phone handoff expiry', () => {
  it('when the clock passes the session expiry, then the token gets 410 SESSION_EXPIRED and the view says expired', async () => {
    let now = Date.now();
    const h = buildHarness({ env: { MOBILE_SESSION_TTL_SECONDS: '1' }, clock: () => now });
    try {
      const started = await startSession(h.app);
      await request(h.app).get(`${MOBILE}/session`).set(phone(started.token)).expect(200);
      now += 1_000;
      const refused = await request(h.app).get(`${MOBILE}/session`).set(phone(started.token)).expect(410);
      expect(refused.body.error.code).toBe('SESSION_EXPIRED');
      const upload = await request(h.app)
        .post(`${ATTACHMENTS}/upload-initiate`)
        .set(phone(started.token))
        .send({ files: [{ clientRef: 'a', contentType: 'image/jpeg', sizeBytes: 10 }] })
        .expect(410);
      expect(upload.body.error.code).toBe('SESSION_EXPIRED');
      const view = await request(h.app)
        .get(`${MOBILE}/sessions/${started.sessionId}`)
        .set(authHeader)
        .expect(200);
      expect(view.body.state).toBe('expired');
    } finally {
      await h.close();
    }
  });

  it('when a real second passes with a 1 s TTL, then the token gets 410 SESSION_EXPIRED', async () => {
    const h = buildHarness({ env: { MOBILE_SESSION_TTL_SECONDS: '1' } });
    try {
      const started = await startSession(h.app);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const refused = await request(h.app).get(`${MOBILE}/session`).set(phone(started.token)).expect(410);
      expect(refused.body.error.code).toBe('SESSION_EXPIRED');
    } finally {
      await h.close();
    }
  });
});

describe('mobile rate limit', () => {
  it('when a phone makes a fourth call with MOBILE_RATE_LIMIT_PER_MINUTE=3, then it gets 429 with Retry-After', async () => {
    const h = buildHarness({ env: { MOBILE_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const started = await startSession(h.app);
      await request(h.app).get(`${MOBILE}/session`).set(phone(started.token)).expect(200);
      await request(h.app).get(`${MOBILE}/session`).set(phone(started.token)).expect(200);
      // Guesses count too: the limit runs before the token is checked.
      await request(h.app).get(`${MOBILE}/session`).set(phone('guess')).expect(401);
      const limited = await request(h.app)
        .post(`${ATTACHMENTS}/upload-initiate`)
        .set(phone(started.token))
        .send({ files: [{ clientRef: 'a', contentType: 'image/jpeg', sizeBytes: 10 }] })
        .expect(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(limited.headers['retry-after']).toBeDefined();
      // The desktop, on its API key, is not held back by the phone's budget.
      await request(h.app).get(`${MOBILE}/sessions/${started.sessionId}`).set(authHeader).expect(200);
    } finally {
      await h.close();
    }
  });
});
