import { createHmac, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import QRCode from 'qrcode';
import { createMemoryStore } from '../../../src/stores/memory-store';
import type { KeyValueStore } from '../../../src/stores/types';
import { createSessionService, type SessionService } from '../../../src/services/sessions';
import { sessionKey, tokenSessionKey } from '../../../src/services/sessions/keys';
import { QR_ERROR_CORRECTION, QR_QUIET_ZONE_MODULES } from '../../../src/services/sessions/qr';
import { AppError } from '../../../src/errors';
import { TEST_MOBILE_SECRET, testConfig } from '../../helpers/test-config';

const START = Date.parse('2026-03-02T01:00:00.000Z');
const context = { facilityId: 'F2N060-E', patientId: 'pat-1', encounterId: 'enc-1' };

function setup(env: Record<string, string> = {}) {
  const config = testConfig({ MOBILE_UPLOAD_BASE_URL: 'https://gw.example.nz/mobile?lang=en', ...env });
  const store: KeyValueStore = createMemoryStore();
  let now = START;
  const clock = { advance: (ms: number) => (now += ms), now: () => now };
  const sessions: SessionService = createSessionService({ config, store, clock: () => now });
  return { config, store, clock, sessions };
}

const hmacOf = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');
const tokenOf = (url: string) => new URL(url).searchParams.get('t') ?? '';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return 'resolved';
}

describe('session service', () => {
  it('when a session is initiated, then the link keeps the base query, adds t, and expires after the TTL', async () => {
    const { sessions } = setup();
    const started = await sessions.initiate({
      ...context,
      patientDisplay: { name: 'Jane Doe', nhi: 'ZZZ0016' },
    });
    const url = new URL(started.mobileUploadUrl);
    expect(url.origin + url.pathname).toBe('https://gw.example.nz/mobile');
    expect(url.searchParams.get('lang')).toBe('en');
    expect(tokenOf(started.mobileUploadUrl)).not.toBe('');
    expect(started.ttlSeconds).toBe(600);
    expect(started.expiresAt).toBe(new Date(START + 600_000).toISOString());
    const svg = Buffer.from(started.qrSvg.replace('data:image/svg+xml;base64,', ''), 'base64').toString(
      'utf8',
    );
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it('when a session is initiated, then the token is 22 opaque base64url characters and the store holds only its HMAC', async () => {
    const { sessions, store } = setup();
    const started = await sessions.initiate({
      ...context,
      patientDisplay: { name: 'Jane Doe', nhi: 'ZZZ0016' },
    });
    const token = tokenOf(started.mobileUploadUrl);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // 22 base64url characters carry 132 bits, of which 128 come from the random source.
    expect(Buffer.from(token, 'base64url')).toHaveLength(16);
    expect(token).not.toContain(started.sessionId);
    const record = JSON.parse((await store.get(sessionKey(started.sessionId))) ?? '{}');
    const hmac = createHmac('sha256', TEST_MOBILE_SECRET).update(token).digest('hex');
    expect(record.tokenHmac).toBe(hmac);
    expect(JSON.stringify(record)).not.toContain(token);
    expect(await store.get(tokenSessionKey(hmac))).toBe(started.sessionId);
  });

  it('when many sessions are initiated, then every token is different', async () => {
    const { sessions } = setup();
    const tokens = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      tokens.add(tokenOf((await sessions.initiate({ ...context, encounterId: `enc-${i}` })).mobileUploadUrl));
    }
    expect(tokens.size).toBe(50);
  });

  it('when the link is for the production phone page, then its QR code is version 6 or smaller (41 modules)', async () => {
    const { sessions } = setup({
      MOBILE_UPLOAD_BASE_URL: 'https://app.clinicpro.co.nz/medtech-images/mobile',
    });
    const started = await sessions.initiate(context);
    expect(started.mobileUploadUrl.length).toBeLessThanOrEqual(80);
    const qr = QRCode.create(started.mobileUploadUrl, { errorCorrectionLevel: QR_ERROR_CORRECTION });
    expect(qr.modules.size).toBeLessThanOrEqual(41);
    expect(qr.version).toBeLessThanOrEqual(6);
    // The SVG the desktop draws encodes that same symbol, quiet zone included.
    const svg = Buffer.from(started.qrSvg.split(',')[1], 'base64').toString('utf8');
    expect(svg).toContain(`viewBox="0 0 ${qr.modules.size + 2 * QR_QUIET_ZONE_MODULES} `);
  });

  it('when a valid token is verified, then the session comes back with its context', async () => {
    const { sessions } = setup();
    const started = await sessions.initiate(context);
    const session = await sessions.verifyToken(tokenOf(started.mobileUploadUrl));
    expect(session).toMatchObject({ ...context, sessionId: started.sessionId, currentState: 'created' });
  });

  it('when a second session starts for the same encounter, then the first token gets SESSION_REVOKED at once', async () => {
    const { sessions } = setup();
    const first = await sessions.initiate(context);
    const second = await sessions.initiate(context);
    expect(await codeOf(sessions.verifyToken(tokenOf(first.mobileUploadUrl)))).toBe('SESSION_REVOKED');
    expect((await sessions.get(first.sessionId))?.currentState).toBe('revoked');
    expect((await sessions.verifyToken(tokenOf(second.mobileUploadUrl))).sessionId).toBe(second.sessionId);
  });

  it('when a session starts for another encounter, then the first one stays valid', async () => {
    const { sessions } = setup();
    const first = await sessions.initiate(context);
    await sessions.initiate({ ...context, encounterId: 'enc-2' });
    expect((await sessions.verifyToken(tokenOf(first.mobileUploadUrl))).currentState).toBe('created');
  });

  it('when the clock passes expiresAt, then the token gets SESSION_EXPIRED and the state reads expired', async () => {
    const { sessions, clock } = setup();
    const started = await sessions.initiate(context);
    clock.advance(599_000);
    expect((await sessions.verifyToken(tokenOf(started.mobileUploadUrl))).currentState).toBe('created');
    clock.advance(1_000);
    expect(await codeOf(sessions.verifyToken(tokenOf(started.mobileUploadUrl)))).toBe('SESSION_EXPIRED');
    expect((await sessions.get(started.sessionId))?.currentState).toBe('expired');
  });

  it('when a revoked session also expires, then revoked wins', async () => {
    const { sessions, clock } = setup();
    const first = await sessions.initiate(context);
    await sessions.initiate(context);
    clock.advance(3_600_000);
    expect(await codeOf(sessions.verifyToken(tokenOf(first.mobileUploadUrl)))).toBe('SESSION_REVOKED');
  });

  it('when the session record is kept, then its TTL covers the session plus the staging time', async () => {
    const { sessions, store } = setup({ STAGING_TTL_SECONDS: '3600' });
    const started = await sessions.initiate(context);
    expect(await store.ttl(sessionKey(started.sessionId))).toBe(600 + 3600);
  });

  it('when the session record is gone, then its token is UNAUTHENTICATED', async () => {
    const { sessions, store } = setup();
    const started = await sessions.initiate(context);
    await store.delete(sessionKey(started.sessionId));
    expect(await codeOf(sessions.verifyToken(tokenOf(started.mobileUploadUrl)))).toBe('UNAUTHENTICATED');
  });

  describe('when the token is not one the gateway minted', () => {
    async function forged(
      make: (token: string, sessionId: string, store: KeyValueStore) => Promise<string> | string,
    ) {
      const { sessions, store } = setup();
      const started = await sessions.initiate(context);
      const token = tokenOf(started.mobileUploadUrl);
      return codeOf(sessions.verifyToken(await make(token, started.sessionId, store)));
    }

    it('then a changed character is UNAUTHENTICATED', async () => {
      const code = await forged(
        (token) => `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`,
      );
      expect(code).toBe('UNAUTHENTICATED');
    });

    it('then a fresh random token of the right shape is UNAUTHENTICATED', async () => {
      expect(await forged(() => randomBytes(16).toString('base64url'))).toBe('UNAUTHENTICATED');
    });

    it('then the stored HMAC offered as the token is UNAUTHENTICATED', async () => {
      expect(await forged((token) => hmacOf(TEST_MOBILE_SECRET, token))).toBe('UNAUTHENTICATED');
    });

    it('then a token the record no longer names (its HMAC changed in the store) is UNAUTHENTICATED', async () => {
      const code = await forged(async (token, sessionId, store) => {
        const record = JSON.parse((await store.get(sessionKey(sessionId))) ?? '{}');
        record.tokenHmac = hmacOf(TEST_MOBILE_SECRET, 'another-token-000000000');
        await store.set(sessionKey(sessionId), JSON.stringify(record), 600);
        return token;
      });
      expect(code).toBe('UNAUTHENTICATED');
    });

    it('then the token checked under another secret is UNAUTHENTICATED', async () => {
      const { store } = setup();
      const mine = createSessionService({ config: testConfig(), store });
      const theirs = createSessionService({
        config: testConfig({ MOBILE_TOKEN_SECRET: 'another-secret-000000000000000000000000' }),
        store,
      });
      const started = await mine.initiate(context);
      expect(await codeOf(theirs.verifyToken(tokenOf(started.mobileUploadUrl)))).toBe('UNAUTHENTICATED');
      expect(await codeOf(mine.verifyToken(tokenOf(started.mobileUploadUrl)))).toBe('resolved');
    });

    it('then a signed JWT naming the session (the old token format) is UNAUTHENTICATED', async () => {
      const code = await forged((_token, sessionId) =>
        jwt.sign({ sub: sessionId, aud: 'clinicpro-gateway:mobile-upload' }, TEST_MOBILE_SECRET),
      );
      expect(code).toBe('UNAUTHENTICATED');
    });

    it('then garbage, an empty value and the session id are UNAUTHENTICATED', async () => {
      expect(await forged(() => 'not-a-token')).toBe('UNAUTHENTICATED');
      expect(await forged(() => '')).toBe('UNAUTHENTICATED');
      expect(await forged((_token, sessionId) => sessionId)).toBe('UNAUTHENTICATED');
    });
  });

  describe('state transitions', () => {
    it('when the phone opens the page, then created becomes opened, and the first upload makes it uploading', async () => {
      const { sessions } = setup();
      const { sessionId } = await sessions.initiate(context);
      expect((await sessions.markOpened(sessionId))?.currentState).toBe('opened');
      await sessions.markUploading(sessionId);
      expect((await sessions.get(sessionId))?.currentState).toBe('uploading');
      expect((await sessions.markOpened(sessionId))?.currentState).toBe('uploading');
    });

    it('when an upload comes before the page call, then created goes straight to uploading', async () => {
      const { sessions } = setup();
      const { sessionId } = await sessions.initiate(context);
      await sessions.markUploading(sessionId);
      expect((await sessions.get(sessionId))?.state).toBe('uploading');
    });

    it('when a session is revoked, then later transitions leave it revoked', async () => {
      const { sessions } = setup();
      const { sessionId } = await sessions.initiate(context);
      await sessions.revoke(sessionId);
      await sessions.markOpened(sessionId);
      await sessions.markUploading(sessionId);
      expect((await sessions.get(sessionId))?.currentState).toBe('revoked');
    });
  });

  it('when ten sessions start at once for one encounter, then exactly one token still works', async () => {
    const { sessions } = setup();
    const started = await Promise.all(Array.from({ length: 10 }, () => sessions.initiate(context)));
    const codes = await Promise.all(
      started.map((s) => codeOf(sessions.verifyToken(tokenOf(s.mobileUploadUrl)))),
    );
    expect(codes.filter((code) => code === 'resolved')).toHaveLength(1);
    expect(codes.filter((code) => code === 'SESSION_REVOKED')).toHaveLength(9);
  });
});
