import { loadClassicScript } from './classic-script';

/* eslint-disable @typescript-eslint/no-explicit-any -- the page script is untyped JavaScript */
const core = loadClassicScript('mobile/mobile-core.js').MobileCore as any;

describe('phone page helpers (mobile-core.js)', () => {
  describe('readToken', () => {
    it('when the link has a token, then it is returned and removed from the clean URL', () => {
      const { token, cleanUrl } = core.readToken('https://gw.example/mobile?t=abc.def&lang=en#top');

      expect(token).toBe('abc.def');
      expect(cleanUrl).toBe('/mobile?lang=en#top');
    });

    it('when the link has no token or a blank one, then the token is null', () => {
      expect(core.readToken('https://gw.example/mobile').token).toBeNull();
      expect(core.readToken('https://gw.example/mobile?t=%20').token).toBeNull();
      expect(core.readToken('https://gw.example/mobile?t=x').cleanUrl).toBe('/mobile');
    });
  });

  describe('countdown from the server clock', () => {
    const serverNow = Date.parse('2026-12-01T10:00:00Z');
    const dateHeader = new Date(serverNow).toUTCString();
    const expiresAt = new Date(serverNow + 600_000).toISOString();

    it('when the phone clock is three hours behind, then the countdown still shows ten minutes', () => {
      const phoneNow = serverNow - 3 * 3600_000;

      const offset = core.clockOffsetMs(dateHeader, phoneNow);

      expect(offset).toBe(3 * 3600_000 + 500);
      expect(core.secondsLeft(expiresAt, phoneNow, offset)).toBe(600);
    });

    it('when the phone clock is an hour ahead, then the link does not look expired', () => {
      const phoneNow = serverNow + 3600_000;
      const offset = core.clockOffsetMs(dateHeader, phoneNow);

      expect(core.secondsLeft(expiresAt, phoneNow + 30_000, offset)).toBe(570);
    });

    it('when the Date header is missing or unreadable, then the phone clock is used', () => {
      expect(core.clockOffsetMs(null, 123)).toBe(0);
      expect(core.clockOffsetMs('not a date', 123)).toBe(0);
    });

    it('when the expiry has passed, then zero seconds are left, never a negative number', () => {
      expect(core.secondsLeft(expiresAt, serverNow + 700_000, 0)).toBe(0);
      expect(core.secondsLeft('garbage', serverNow, 0)).toBe(0);
    });

    it('when seconds are formatted, then they read as m:ss', () => {
      expect(core.formatCountdown(605)).toBe('10:05');
      expect(core.formatCountdown(59)).toBe('0:59');
      expect(core.formatCountdown(0)).toBe('0:00');
    });
  });

  describe('guessContentType', () => {
    it.each([
      [{ name: 'IMG_5195.HEIC', type: '' }, 'image/heic'],
      [{ name: 'nokia.heif', type: '' }, 'image/heif'],
      [{ name: 'photo.jpg', type: '' }, 'image/jpeg'],
      [{ name: 'photo.heic', type: 'image/jpeg' }, 'image/jpeg'],
      [{ name: 'notes', type: '' }, 'application/octet-stream'],
    ])('when the file is %o, then the type is %s', (file, expected) => {
      expect(core.guessContentType(file)).toBe(expected);
    });
  });

  describe('limits and batches', () => {
    it('when 23 photos are chosen with a limit of 10, then they go in batches of 10, 10 and 3', () => {
      const batches = core.chunk(
        Array.from({ length: 23 }, (_, i) => i),
        10,
      );

      expect(batches.map((b: number[]) => b.length)).toEqual([10, 10, 3]);
      expect(batches.flat()).toEqual(Array.from({ length: 23 }, (_, i) => i));
    });

    it('when the session names a limit in either shape, then it is used; otherwise 10', () => {
      expect(core.maxPerRequest({ maxPerRequest: 4 })).toBe(4);
      expect(core.maxPerRequest({ attachments: { maxPerRequest: 6 } })).toBe(6);
      expect(core.maxPerRequest(null)).toBe(10);
      expect(core.maxPerRequest({ maxPerRequest: 0 })).toBe(10);
      expect(core.maxInputBytes({ maxInputBytes: 26214400 })).toBe(26214400);
      expect(core.maxInputBytes({})).toBeNull();
    });
  });

  describe('gateway answers', () => {
    it('when the body is the error envelope, then its code and clinician message are used', () => {
      const body = JSON.stringify({
        error: { code: 'IMAGE_UNREADABLE', message: 'This photo could not be read.', retryable: false },
      });

      expect(core.readEnvelope(422, body)).toMatchObject({
        status: 422,
        code: 'IMAGE_UNREADABLE',
        message: 'This photo could not be read.',
        retryable: false,
      });
    });

    it('when the body is not the envelope (a proxy page), then a plain message names no internals', () => {
      const envelope = core.readEnvelope(502, '<html>Bad gateway</html>');

      expect(envelope.code).toBe('HTTP_502');
      expect(envelope.message).not.toMatch(/html/i);
    });

    it('when the session is expired, revoked or the token invalid, then the page-ending message is fixed', () => {
      expect(core.fatalFor('SESSION_EXPIRED').text).toBe(
        'This link has expired. Scan a new QR code on the computer.',
      );
      expect(core.fatalFor('SESSION_REVOKED').text).toBe(
        'This link was replaced by a newer QR code. Scan the new code on the computer.',
      );
      expect(core.fatalFor('UNAUTHENTICATED').text).toMatch(/^This link is not valid/);
      expect(core.fatalFor('RATE_LIMITED')).toBeNull();
      expect(core.fatalFor('toString')).toBeNull();
    });

    it.each([
      [200, undefined, 'done'],
      [409, 'UPLOAD_ALREADY_RECEIVED', 'done'],
      [409, 'COMMIT_IN_PROGRESS', 'failed'],
      [410, 'SESSION_REVOKED', 'fatal'],
      [401, 'UNAUTHENTICATED', 'fatal'],
      [422, 'IMAGE_UNREADABLE', 'failed'],
      [503, 'HTTP_503', 'failed'],
    ])('when an upload answers %i %s, then the file is %s', (status, code, outcome) => {
      expect(core.uploadOutcome(status, code)).toBe(outcome);
    });

    it('when sizes are shown, then they read in B, KB and MB', () => {
      expect(core.formatBytes(900)).toBe('900 B');
      expect(core.formatBytes(340 * 1024)).toBe('340 KB');
      expect(core.formatBytes(1.25 * 1048576)).toBe('1.3 MB');
      expect(core.formatBytes(undefined)).toBe('');
    });
  });

  describe('what a failed photo says', () => {
    it.each([
      ['IMAGE_UNREADABLE', /damaged or incomplete/],
      ['UNSUPPORTED_MEDIA_TYPE', /not a photo the gateway accepts/],
      ['FILE_TOO_LARGE', /larger than the 25\.0 MB upload limit/],
    ])(
      'when the gateway refuses it with %s, then it is refused with that reason and offers Remove',
      (code, reason) => {
        const failure = core.failureFor(code, 'the server text', 26_214_400);
        expect(failure.refused).toBe(true);
        expect(failure.action).toBe('remove');
        expect(failure.reason).toMatch(reason);
      },
    );

    it('when a damaged photo is refused, then the reason does not guess that it was too large', () => {
      expect(core.failureFor('IMAGE_UNREADABLE', 'x', 26_214_400).reason).not.toMatch(/large/);
    });

    it.each(['NETWORK_ERROR', 'GATEWAY_BUSY', 'UPLOAD_IN_PROGRESS', 'RATE_LIMITED', 'HTTP_503'])(
      'when it failed with %s, then it was not sent and offers Retry with the message given',
      (code) => {
        expect(core.failureFor(code, 'Try again soon.', 1000)).toEqual({
          refused: false,
          reason: 'Try again soon.',
          action: 'retry',
        });
      },
    );

    it('when an upload answers 409 UPLOAD_IN_PROGRESS, then the file is failed (retryable), not done', () => {
      expect(core.uploadOutcome(409, 'UPLOAD_IN_PROGRESS')).toBe('failed');
    });
  });

  describe('labels, sizes and the summary', () => {
    it('when a position is given, then the label is the letter the desktop shows', () => {
      expect([1, 2, 26, 27, 28].map(core.labelFor)).toEqual(['A', 'B', 'Z', 'AA', 'AB']);
      expect(core.labelFor(null)).toBe('');
      expect(core.labelFor(0)).toBe('');
    });

    it('when a small photo is saved larger, then each size says which it is', () => {
      expect(core.sizesText(300 * 1024, 612 * 1024)).toBe('300 KB on this phone, saved as 612 KB');
      expect(core.sizesText(1.9 * 1048576)).toBe('1.9 MB on this phone');
    });

    it('when every photo listed is received, then the summary sends the clinician back to the computer', () => {
      expect(core.summaryText({ total: 3, done: 3, failed: 0 })).toBe(
        'All photos received. You can go back to the computer.',
      );
      expect(core.summaryText({ total: 3, done: 2, failed: 1 })).toBe('2 of 3 photos received, 1 failed');
      expect(core.summaryText({ total: 0, done: 0, failed: 0 })).toBe('');
    });
  });
});
