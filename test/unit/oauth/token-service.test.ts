import axios from 'axios';
import { toAppError } from '../../../src/errors';
import { createTokenService, REFRESH_COOLDOWN_MS, TokenError } from '../../../src/services/oauth';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig } from '../../helpers/test-config';
import { fakeAlex, fakeTime, type Step } from '../alex/fake-alex';

const SECRET = 'client-secret-value-0123456789';
const TOKEN_URL = 'https://login.test/tenant-1/oauth2/v2.0/token';

function tokenServiceUnderTest(options: { margin?: string; fallback?: Step; timeoutMs?: number } = {}) {
  const config = testConfig({
    MEDTECH_CLIENT_ID: 'client-id-1',
    MEDTECH_CLIENT_SECRET: SECRET,
    MEDTECH_TENANT_ID: 'tenant-1',
    MEDTECH_API_SCOPE: 'api://alex/.default',
    MEDTECH_TOKEN_URL: TOKEN_URL,
    MEDTECH_TOKEN_REFRESH_MARGIN_SECONDS: options.margin ?? '300',
  });
  const entra = fakeAlex(options.fallback);
  let issued = 0;
  if (!options.fallback) {
    entra.route(() => {
      issued += 1;
      return {
        status: 200,
        body: { token_type: 'Bearer', expires_in: 3599, access_token: `eyJhbGciOi.access-${issued}.sig` },
      };
    });
  }
  const time = fakeTime();
  const logs = captureLogs('debug');
  const tokens = createTokenService({
    config,
    logger: logs.logger,
    http: axios.create({ adapter: entra.adapter }),
    clock: time.clock,
    timeoutMs: options.timeoutMs ?? 100,
  });
  return { config, entra, time, logs, tokens };
}

/** Lets a background refresh settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('token service', () => {
  it('when 1,000 callers ask for a token at once on a cold start, then exactly one token request is made', async () => {
    // A real-clock timeout far above the answer's 20 ms: 1,000 callers on a loaded CI host must
    // not turn a single-flight check into a timing test.
    const { entra, tokens } = tokenServiceUnderTest({ timeoutMs: 5_000 });
    entra.next({
      status: 200,
      delayMs: 20,
      body: { token_type: 'Bearer', expires_in: 3599, access_token: 'eyJa.only-one.sig' },
    });

    const results = await Promise.all(Array.from({ length: 1000 }, () => tokens.getToken()));

    expect(entra.calls).toHaveLength(1);
    expect(new Set(results)).toEqual(new Set(['eyJa.only-one.sig']));
    expect(tokens.info().tokenRequests).toBe(1);
  });

  it('when asking for a token, then the request is a client-credentials form post to the token URL', async () => {
    const { entra, tokens } = tokenServiceUnderTest();

    await tokens.getToken();

    const [call] = entra.calls;
    expect(call).toMatchObject({ method: 'POST', url: TOKEN_URL });
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(call.body))).toEqual({
      client_id: 'client-id-1',
      client_secret: SECRET,
      grant_type: 'client_credentials',
      scope: 'api://alex/.default',
    });
  });

  it('when time passes before the refresh margin, then the cached token is reused and no request is made', async () => {
    const { entra, time, tokens } = tokenServiceUnderTest();
    const first = await tokens.getToken();

    time.advance((3599 - 300 - 1) * 1000);
    const again = await tokens.getToken();
    await settle();

    expect(again).toBe(first);
    expect(entra.calls).toHaveLength(1);
  });

  it('when inside the refresh margin, then the valid token is served while exactly one refresh replaces it', async () => {
    const { entra, time, tokens } = tokenServiceUnderTest();
    const first = await tokens.getToken();
    time.advance((3599 - 300 + 1) * 1000);

    const during = await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()]);
    await settle();
    const after = await tokens.getToken();

    expect(during).toEqual([first, first, first]);
    expect(entra.calls).toHaveLength(2);
    expect(after).not.toBe(first);
  });

  it('when a refresh fails while the token is still valid, then the old token is served and the next try waits 30 s', async () => {
    const { entra, time, tokens } = tokenServiceUnderTest();
    const first = await tokens.getToken();
    time.advance((3599 - 300 + 1) * 1000);
    entra.next({ status: 503 });

    expect(await tokens.getToken()).toBe(first);
    await settle();
    expect(tokens.info()).toMatchObject({ cached: true, lastError: 'http_503' });

    time.advance(REFRESH_COOLDOWN_MS - 1000);
    expect(await tokens.getToken()).toBe(first);
    await settle();
    expect(entra.calls).toHaveLength(2);

    time.advance(2000);
    expect(await tokens.getToken()).toBe(first);
    await settle();
    expect(entra.calls).toHaveLength(3);
    expect(await tokens.getToken()).not.toBe(first);
    expect(tokens.info().lastError).toBeNull();
  });

  it('when the token has expired and the refresh fails, then callers get the failure', async () => {
    const { entra, time, tokens } = tokenServiceUnderTest();
    await tokens.getToken();
    time.advance(3600 * 1000);
    entra.next({ status: 503 });

    await expect(tokens.getToken()).rejects.toBeInstanceOf(TokenError);
    expect(tokens.info().cached).toBe(false);
  });

  it('when Entra rejects the client, then the error is ALEX_AUTH_FAILED and lastError is the Entra code only', async () => {
    const { tokens, logs } = tokenServiceUnderTest({
      fallback: {
        status: 401,
        body: {
          error: 'invalid_client',
          error_description: `AADSTS7000215: Invalid client secret ${SECRET}`,
        },
      },
    });

    const error = await tokens.getToken().catch((caught: unknown) => caught);

    expect(toAppError(error)).toMatchObject({ code: 'ALEX_AUTH_FAILED', status: 502 });
    expect(tokens.info().lastError).toBe('invalid_client');
    expect(JSON.stringify(tokens.info())).not.toContain('AADSTS');
    expect(logs.text()).not.toContain(SECRET);
  });

  it('when Entra throttles with Retry-After, then no token request is made until it has passed', async () => {
    const { entra, time, tokens } = tokenServiceUnderTest();
    entra.next({ status: 429, headers: { 'Retry-After': '20' } });

    const first = await tokens.getToken().catch((caught: unknown) => caught);
    const second = await tokens.getToken().catch((caught: unknown) => caught);
    time.advance(21_000);
    const third = await tokens.getToken();

    expect(toAppError(first)).toMatchObject({ code: 'ALEX_BUSY', retryAfterSeconds: 20 });
    expect(toAppError(second).code).toBe('ALEX_BUSY');
    expect(third).toMatch(/^eyJ/);
    expect(entra.calls).toHaveLength(2);
  });

  it('when Entra does not answer in time, then lastError is "timeout"', async () => {
    const { tokens } = tokenServiceUnderTest({ fallback: { hang: true } });

    await expect(tokens.getToken()).rejects.toMatchObject({ reason: 'timeout' });
    expect(tokens.info().lastError).toBe('timeout');
  });

  it('when Entra answers 200 without a token, then lastError is malformed_response', async () => {
    const { tokens } = tokenServiceUnderTest({ fallback: { status: 200, body: { token_type: 'Bearer' } } });

    await expect(tokens.getToken()).rejects.toMatchObject({ reason: 'malformed_response' });
  });

  it('when invalidate() names an old token, then the newer cached token stays; naming the current one evicts it', async () => {
    const { entra, tokens } = tokenServiceUnderTest();
    const first = await tokens.getToken();
    tokens.invalidate(first);
    const second = await tokens.getToken();

    tokens.invalidate(first);
    expect(await tokens.getToken()).toBe(second);
    expect(entra.calls).toHaveLength(2);

    tokens.invalidate(second);
    expect(await tokens.getToken()).not.toBe(second);
    expect(entra.calls).toHaveLength(3);
  });

  it('when 50 calls hit 401 with the same token, then one refresh serves them all', async () => {
    const { entra, tokens } = tokenServiceUnderTest();
    const old = await tokens.getToken();

    const fresh = await Promise.all(
      Array.from({ length: 50 }, async () => {
        tokens.invalidate(old);
        return tokens.getToken();
      }),
    );

    expect(new Set(fresh).size).toBe(1);
    expect(entra.calls).toHaveLength(2);
  });

  it('when token-info is read, then it has times and counters and never the token or secret', async () => {
    const { tokens, time } = tokenServiceUnderTest();
    const token = await tokens.getToken();

    const info = tokens.info();

    expect(info).toEqual({
      cached: true,
      expiresAt: new Date(time.clock() + 3599_000).toISOString(),
      expiresInSeconds: 3599,
      refreshesAt: new Date(time.clock() + 3299_000).toISOString(),
      tokenRequests: 1,
      lastError: null,
      mode: 'live',
    });
    expect(JSON.stringify(info)).not.toContain(token);
    expect(JSON.stringify(info)).not.toContain(SECRET);
  });

  it('when a token is acquired, then the log says so without the token or the secret', async () => {
    const { tokens, logs } = tokenServiceUnderTest();
    const token = await tokens.getToken();

    expect(logs.lines().some((line) => line.message === 'medtech token acquired')).toBe(true);
    expect(logs.text()).not.toContain(token);
    expect(logs.text()).not.toContain(SECRET);
  });

  it('when readiness is checked, then it reports ok and the seconds left, or not ok with the reason', async () => {
    const healthy = tokenServiceUnderTest();
    const broken = tokenServiceUnderTest({ fallback: { status: 400, body: { error: 'invalid_scope' } } });

    await expect(healthy.tokens.readinessCheck()).resolves.toEqual({ ok: true, expiresInSeconds: 3599 });
    await expect(broken.tokens.readinessCheck()).resolves.toEqual({
      ok: false,
      expiresInSeconds: null,
      error: 'invalid_scope',
    });
  });

  it('when the lifetime is shorter than twice the margin, then the token is refreshed at half its life, not on every call', async () => {
    const { entra, time, tokens } = tokenServiceUnderTest({
      fallback: { status: 200, body: { expires_in: 10, access_token: 'eyJa.short.sig' } },
    });
    await tokens.getToken();

    time.advance(4000);
    await tokens.getToken();
    await settle();
    expect(entra.calls).toHaveLength(1);

    time.advance(2000);
    await tokens.getToken();
    await settle();
    expect(entra.calls).toHaveLength(2);
  });
});
