import jwt from 'jsonwebtoken';
import { createMemoryStore } from '../../../src/stores/memory-store';
import type { KeyValueStore } from '../../../src/stores/types';
import { createSessionService, type SessionService } from '../../../src/services/sessions';
import { sessionKey } from '../../../src/services/sessions/keys';
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

  it('when the token is decoded, then it names the session only and carries no patient data', async () => {
    const { sessions } = setup();
    const started = await sessions.initiate({
      ...context,
      patientDisplay: { name: 'Jane Doe', nhi: 'ZZZ0016' },
    });
    const decoded = jwt.decode(tokenOf(started.mobileUploadUrl), { complete: true });
    expect(decoded?.header.alg).toBe('HS256');
    const payload = decoded?.payload as jwt.JwtPayload;
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'jti', 'sub']);
    expect(payload.sub).toBe(started.sessionId);
    expect(payload.exp).toBe((START + 600_000) / 1000);
    const text = JSON.stringify(payload);
    for (const secret of ['Jane', 'ZZZ0016', 'pat-1', 'enc-1', 'F2N060-E'])
      expect(text).not.toContain(secret);
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

  it('when the session record is gone, then the still-signed token is UNAUTHENTICATED', async () => {
    const { sessions, store } = setup();
    const started = await sessions.initiate(context);
    await store.delete(sessionKey(started.sessionId));
    expect(await codeOf(sessions.verifyToken(tokenOf(started.mobileUploadUrl)))).toBe('UNAUTHENTICATED');
  });

  describe('when the token is not one the gateway minted', () => {
    async function forged(make: (token: string, payload: jwt.JwtPayload) => string) {
      const { sessions } = setup();
      const started = await sessions.initiate(context);
      const token = tokenOf(started.mobileUploadUrl);
      return codeOf(sessions.verifyToken(make(token, jwt.decode(token) as jwt.JwtPayload)));
    }

    it('then a flipped signature character is UNAUTHENTICATED', async () => {
      const code = await forged((token) => {
        const last = token.at(-2) === 'A' ? 'B' : 'A';
        return `${token.slice(0, -2)}${last}${token.at(-1)}`;
      });
      expect(code).toBe('UNAUTHENTICATED');
    });

    it('then the same claims signed with another secret are UNAUTHENTICATED', async () => {
      expect(
        await forged((_t, payload) => jwt.sign(payload, 'another-secret-000000000000000000000000')),
      ).toBe('UNAUTHENTICATED');
    });

    it('then alg none is UNAUTHENTICATED', async () => {
      const code = await forged((_t, payload) => {
        const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
      });
      expect(code).toBe('UNAUTHENTICATED');
    });

    it('then HS512 with the right secret is UNAUTHENTICATED (the algorithm is pinned)', async () => {
      expect(
        await forged((_t, payload) => jwt.sign(payload, TEST_MOBILE_SECRET, { algorithm: 'HS512' })),
      ).toBe('UNAUTHENTICATED');
    });

    it('then a token for the session with another jti is UNAUTHENTICATED', async () => {
      expect(await forged((_t, payload) => jwt.sign({ ...payload, jti: 'other' }, TEST_MOBILE_SECRET))).toBe(
        'UNAUTHENTICATED',
      );
    });

    it('then garbage is UNAUTHENTICATED', async () => {
      expect(await forged(() => 'not-a-jwt')).toBe('UNAUTHENTICATED');
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
