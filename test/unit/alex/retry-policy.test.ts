import { AlexHttpError, AlexNetworkError, AlexTimeoutError, parseAlexBody } from '../../../src/services/alex';
import { parseRetryAfterMs } from '../../../src/http/retry-after';
import { BACKOFF_CAP_MS, backoffDelayMs, isRetryable } from '../../../src/services/alex/retry-policy';

const status = (code: number) => new AlexHttpError({ status: code, body: parseAlexBody('') });

describe('retry policy (QUALITY.md)', () => {
  it.each([
    [429, true, true],
    // A bare 503 (a proxy's, no ALEX OperationOutcome) after a write was sent is ambiguous.
    [503, true, false],
    [500, true, false],
    [502, true, false],
    [504, true, false],
    [400, false, false],
    [401, false, false],
    [403, false, false],
    [404, false, false],
    [302, false, false],
  ])('when ALEX answers %i, then GET retry is %s and POST retry is %s', (code, get, post) => {
    expect(isRetryable(status(code), true)).toBe(get);
    expect(isRetryable(status(code), false)).toBe(post);
  });

  it('when ALEX answers 503 with its facility-offline OperationOutcome, then even a POST is retried (nothing was processed)', () => {
    const offline = new AlexHttpError({
      status: 503,
      body: parseAlexBody(
        JSON.stringify({
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'error',
              code: 'exception',
              diagnostics: 'Cannot establish connection to the facility. Please try again later.',
            },
          ],
        }),
      ),
    });
    expect(isRetryable(offline, false)).toBe(true);
  });

  it('when the request never reached ALEX, then it is retried even for POST; when it may have, only for GET', () => {
    expect(isRetryable(new AlexNetworkError('ECONNREFUSED', false), false)).toBe(true);
    expect(isRetryable(new AlexNetworkError('ECONNRESET', true), false)).toBe(false);
    expect(isRetryable(new AlexNetworkError('ECONNRESET', true), true)).toBe(true);
    expect(isRetryable(new AlexTimeoutError(true, 100), false)).toBe(false);
    expect(isRetryable(new AlexTimeoutError(true, 100), true)).toBe(true);
    expect(isRetryable(new Error('bug'), true)).toBe(false);
  });

  it('when backing off, then the delay is full jitter under base*2^(n-1), capped at 2 s', () => {
    expect(backoffDelayMs(1, () => 0)).toBe(0);
    expect(backoffDelayMs(1, () => 0.999)).toBe(199);
    expect(backoffDelayMs(2, () => 0.999)).toBe(399);
    expect(backoffDelayMs(3, () => 0.999)).toBe(799);
    expect(backoffDelayMs(10, () => 0.999)).toBe(BACKOFF_CAP_MS - 2);
  });

  it('when Retry-After is seconds, an HTTP date, a past date or junk, then it is read accordingly', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfterMs(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });
});
