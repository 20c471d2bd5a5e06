import { toAppError } from '../../../src/errors';
import { AlexHttpError, AlexNetworkError, AlexTimeoutError } from '../../../src/services/alex';
import { clientUnderTest, facilityOffline, PATIENT_ID } from './setup';

const media: fhir4.Media = {
  resourceType: 'Media',
  status: 'completed',
  identifier: [{ system: 'https://clinicpro.co.nz/image-id', value: 'img-1' }],
  content: { contentType: 'image/jpeg' },
};
const getPatient = {
  facilityId: 'F2N060-E',
  method: 'GET',
  path: `Patient/${PATIENT_ID}`,
  routeTemplate: 'GET /Patient/:id',
} as const;

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('ALEX client retry policy', () => {
  it('when ALEX answers 503, 503, 200, then the call succeeds on the third attempt', async () => {
    const { alex, client, time } = clientUnderTest();
    alex.next(
      { status: 503, body: facilityOffline },
      { status: 503, body: facilityOffline },
      { status: 200, body: { resourceType: 'Patient', id: PATIENT_ID } },
    );

    const response = await client.request(getPatient);

    expect(response.status).toBe(200);
    expect(response.attempts).toBe(3);
    expect(alex.calls).toHaveLength(3);
    // Full jitter with random() = 0.5: half of 200 ms, then half of 400 ms.
    expect(time.sleeps).toEqual([100, 200]);
  });

  it('when every attempt gets 503, then the error is PRACTICE_OFFLINE with a Retry-After after 3 attempts', async () => {
    const { alex, client } = clientUnderTest({ fallback: { status: 503, body: facilityOffline } });

    const error = toAppError(await failureOf(client.request(getPatient)));

    expect(alex.calls).toHaveLength(3);
    expect(error.code).toBe('PRACTICE_OFFLINE');
    expect(error.status).toBe(503);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details).toEqual([{ code: 'exception', severity: 'error' }]);
  });

  it('when ALEX answers 429 with Retry-After in seconds, then the client waits exactly that long', async () => {
    const { alex, client, time } = clientUnderTest();
    alex.next(
      { status: 429, headers: { 'Retry-After': '1' } },
      { status: 200, body: { resourceType: 'Patient' } },
    );

    await client.request(getPatient);

    expect(time.sleeps).toEqual([1000]);
    expect(alex.calls).toHaveLength(2);
  });

  it('when ALEX answers 429 with Retry-After as an HTTP date, then the client waits until that date', async () => {
    const { alex, client, time } = clientUnderTest();
    const at = new Date(time.clock() + 1000).toUTCString();
    alex.next(
      { status: 429, headers: { 'Retry-After': at } },
      { status: 200, body: { resourceType: 'Patient' } },
    );

    await client.request(getPatient);

    expect(time.sleeps).toEqual([1000]);
  });

  it('when Retry-After does not fit the deadline, then no retry is made and the error carries it', async () => {
    const { alex, client, time } = clientUnderTest();
    alex.next({ status: 429, headers: { 'Retry-After': '30' } });

    const error = toAppError(await failureOf(client.request(getPatient)));

    expect(alex.calls).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
    expect(error.code).toBe('ALEX_BUSY');
    expect(error.retryAfterSeconds).toBe(30);
  });

  it('when retries keep failing, then no attempt starts or sleeps past the overall deadline', async () => {
    const { alex, client, time } = clientUnderTest({
      env: { ALEX_MAX_ATTEMPTS: '10', ALEX_DEADLINE_MS: '1000' },
      random: () => 0.999,
      fallback: { status: 502 },
    });
    const started = time.clock();

    const error = await failureOf(client.request(getPatient));

    expect(error).toBeInstanceOf(AlexHttpError);
    // Sleeps of 199 and 399 ms fit in 1 s; the next (799 ms) would not.
    expect(time.sleeps).toEqual([199, 399]);
    expect(alex.calls).toHaveLength(3);
    expect(time.clock() - started).toBeLessThanOrEqual(1000);
  });

  it('when the deadline is near, then the last attempt gets only the remaining budget as its timeout', async () => {
    const { alex, client } = clientUnderTest({
      env: { ALEX_TIMEOUT_MS: '250', ALEX_DEADLINE_MS: '400' },
      random: () => 0.99,
    });
    alex.next({ status: 503 }, { hang: true });

    const error = await failureOf(client.request(getPatient));

    expect(error).toBeInstanceOf(AlexTimeoutError);
    // 400 ms budget minus the 198 ms backoff sleep.
    expect((error as AlexTimeoutError).timeoutMs).toBe(202);
  });

  it('when a GET times out, then it is retried and finally reported as ALEX_TIMEOUT, retryable', async () => {
    const { alex, client } = clientUnderTest({
      env: { ALEX_TIMEOUT_MS: '50', ALEX_MAX_ATTEMPTS: '2' },
      fallback: { hang: true },
    });

    const error = toAppError(await failureOf(client.request(getPatient)));

    expect(alex.calls).toHaveLength(2);
    expect(error.code).toBe('ALEX_TIMEOUT');
    expect(error.retryable).toBe(true);
  });

  it('when a GET gets 500 then 200, then the 500 is retried', async () => {
    const { alex, client } = clientUnderTest();
    alex.next({ status: 500 }, { status: 200, body: { resourceType: 'Patient' } });

    await expect(client.request(getPatient)).resolves.toMatchObject({ status: 200, attempts: 2 });
  });
});

describe('ALEX client and writes (POST)', () => {
  it('when a POST times out after its body was sent, then it is not retried: one POST, ALEX_TIMEOUT', async () => {
    const { alex, client } = clientUnderTest({
      env: { ALEX_WRITE_TIMEOUT_MS: '50' },
      fallback: { hang: true },
    });

    const error = await failureOf(client.create('F2N060-E', media));

    expect(alex.calls).toHaveLength(1);
    expect(error).toBeInstanceOf(AlexTimeoutError);
    expect((error as AlexTimeoutError).bodySent).toBe(true);
    expect(toAppError(error)).toMatchObject({ code: 'ALEX_TIMEOUT', status: 504, retryable: true });
  });

  it('when a POST is answered 503, then it is retried, because ALEX did not process it', async () => {
    const { alex, client } = clientUnderTest();
    alex.next(
      { status: 503, body: facilityOffline },
      { status: 201, body: { ...media, id: 'a'.repeat(32) } },
    );

    const created = await client.create('F2N060-E', media);

    expect(alex.calls.map((call) => call.method)).toEqual(['POST', 'POST']);
    expect(created.id).toBe('a'.repeat(32));
  });

  it('when a POST is answered 500, then it is not retried (ALEX may have written it)', async () => {
    const { alex, client } = clientUnderTest({ fallback: { status: 500 } });

    const error = toAppError(await failureOf(client.create('F2N060-E', media)));

    expect(alex.calls).toHaveLength(1);
    expect(error.code).toBe('ALEX_UNAVAILABLE');
  });

  it('when a POST meets a refused connection, then it is retried (it never reached ALEX)', async () => {
    const { alex, client } = clientUnderTest();
    alex.next(
      { error: 'ECONNREFUSED', connected: false },
      { status: 201, body: { ...media, id: 'b'.repeat(32) } },
    );

    await expect(client.create('F2N060-E', media)).resolves.toMatchObject({ id: 'b'.repeat(32) });
    expect(alex.calls).toHaveLength(2);
  });

  it('when a POST connection is reset after connecting, then it is not retried', async () => {
    const { alex, client } = clientUnderTest({ fallback: { error: 'ECONNRESET' } });

    const error = await failureOf(client.create('F2N060-E', media));

    expect(alex.calls).toHaveLength(1);
    expect(error).toMatchObject({ code: 'ECONNRESET', reachedServer: true });
    expect(toAppError(error).code).toBe('ALEX_TIMEOUT');
  });

  it('when DNS fails, then every attempt is tried and the error is ALEX_UNREACHABLE', async () => {
    const { alex, client } = clientUnderTest({ fallback: { error: 'ENOTFOUND', connected: false } });

    const error = await failureOf(client.create('F2N060-E', media));

    expect(alex.calls).toHaveLength(3);
    expect(error).toBeInstanceOf(AlexNetworkError);
    expect(toAppError(error)).toMatchObject({ code: 'ALEX_UNREACHABLE', status: 504 });
  });

  it('when the TCP connection never opens, then it is a connect timeout: ALEX_UNREACHABLE, not ALEX_TIMEOUT', async () => {
    const { client } = clientUnderTest({
      env: { ALEX_TIMEOUT_MS: '40', ALEX_MAX_ATTEMPTS: '1' },
      fallback: { hang: true, connected: false },
    });

    const error = await failureOf(client.request(getPatient));

    expect(error).toMatchObject({ reachedServer: false });
    expect(toAppError(error).code).toBe('ALEX_UNREACHABLE');
    expect(toAppError(error).message).toMatch(/allow-listed/);
  });
});

describe('ALEX client and connect timeouts on writes', () => {
  it('when a POST never got a TCP connection, then it is retried (the body cannot have reached ALEX)', async () => {
    const { alex, client } = clientUnderTest({ env: { ALEX_WRITE_TIMEOUT_MS: '40' } });
    alex.next({ hang: true, connected: false }, { status: 201, body: { ...media, id: 'e'.repeat(32) } });

    await expect(client.create('F2N060-E', media)).resolves.toMatchObject({ id: 'e'.repeat(32) });
    expect(alex.calls).toHaveLength(2);
  });
});

describe('ALEX client and 401', () => {
  it('when ALEX answers 401 once, then the token is evicted, a new one fetched and the call replayed once', async () => {
    const { alex, client, tokens } = clientUnderTest({ env: { ALEX_MAX_ATTEMPTS: '1' } });
    alex.next({ status: 401 }, { status: 200, body: { resourceType: 'Patient' } });

    const response = await client.request(getPatient);

    expect(response.status).toBe(200);
    expect(tokens.invalidated).toEqual(['tok-1']);
    expect(alex.calls.map((call) => call.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('when ALEX answers 401 twice, then the error is ALEX_AUTH_FAILED (502) after one replay', async () => {
    const { alex, client, tokens } = clientUnderTest({ fallback: { status: 401 } });

    const error = toAppError(await failureOf(client.request(getPatient)));

    expect(alex.calls).toHaveLength(2);
    expect(tokens.invalidate).toHaveBeenCalledTimes(1);
    expect(error).toMatchObject({ code: 'ALEX_AUTH_FAILED', status: 502 });
  });
});

describe('ALEX client and redirects', () => {
  it('when ALEX answers 302, then the redirect is an error (ALEX_REJECTED), not followed', async () => {
    const { alex, client } = clientUnderTest({
      fallback: { status: 302, headers: { Location: 'https://evil.test/x' } },
    });

    const error = toAppError(await failureOf(client.request(getPatient)));

    expect(alex.calls).toHaveLength(1);
    expect(error).toMatchObject({ code: 'ALEX_REJECTED', status: 502 });
  });
});
