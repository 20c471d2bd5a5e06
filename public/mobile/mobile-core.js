/*
 * Pure helpers of the phone page (no DOM, no network), loaded before mobile.js as
 * `window.MobileCore`. Kept apart so jest can run them in a plain `vm` context
 * (test/unit/pages/mobile-core.test.ts) while the page stays a classic script with no build step.
 */
(function (root) {
  'use strict';

  const DEFAULT_MAX_PER_REQUEST = 10;

  /** Messages for errors that end the page; the server's text is not used for these. */
  const FATAL = {
    SESSION_EXPIRED: {
      title: 'Link expired',
      text: 'This link has expired. Scan a new QR code on the computer.',
    },
    SESSION_REVOKED: {
      title: 'Link replaced',
      text: 'This link was replaced by a newer QR code. Scan the new code on the computer.',
    },
    UNAUTHENTICATED: {
      title: 'Link not valid',
      text: 'This link is not valid. Scan the QR code on the computer again.',
    },
  };
  FATAL.SESSION_NOT_FOUND = FATAL.UNAUTHENTICATED;

  const CONNECTION_LOST = 'Connection lost. Check your signal, then tap Retry.';

  const EXTENSION_TYPES = {
    heic: 'image/heic',
    heif: 'image/heif',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    webp: 'image/webp',
  };

  /** Splits the token off a URL: `{ token, cleanUrl }`, cleanUrl keeping any other parameters. */
  function readToken(href) {
    const url = new URL(href);
    const token = url.searchParams.get('t');
    url.searchParams.delete('t');
    const search = url.searchParams.toString();
    return {
      token: token && token.trim() ? token.trim() : null,
      cleanUrl: url.pathname + (search ? '?' + search : '') + url.hash,
    };
  }

  /**
   * The gap between the server's clock and the phone's, from a response's `Date` header read
   * at local time `receivedAtMs`. The header has whole seconds, so the server's moment is taken
   * as the middle of that second. Zero when the header is missing or unreadable.
   */
  function clockOffsetMs(dateHeader, receivedAtMs) {
    const serverMs = dateHeader ? Date.parse(dateHeader) : NaN;
    return Number.isFinite(serverMs) ? serverMs + 500 - receivedAtMs : 0;
  }

  /** Seconds until `expiresAt` on the server's clock, to the nearest (the clock is known to ±0.5 s); never negative. */
  function secondsLeft(expiresAt, localNowMs, offsetMs) {
    const expiresMs = Date.parse(expiresAt);
    if (!Number.isFinite(expiresMs)) return 0;
    return Math.max(0, Math.round((expiresMs - (localNowMs + offsetMs)) / 1000));
  }

  /** `m:ss`, e.g. 9:05. */
  function formatCountdown(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const rest = s % 60;
    return Math.floor(s / 60) + ':' + (rest < 10 ? '0' : '') + rest;
  }

  /** The file's declared type, or one guessed from its name (some browsers leave HEIC empty). */
  function guessContentType(file) {
    if (file.type) return file.type;
    const match = /\.([a-z0-9]+)$/i.exec(file.name || '');
    const guessed = match ? EXTENSION_TYPES[match[1].toLowerCase()] : undefined;
    return guessed || 'application/octet-stream';
  }

  /** Splits `items` into arrays of at most `size`. */
  function chunk(items, size) {
    const out = [];
    const step = Math.max(1, size);
    for (let i = 0; i < items.length; i += step) out.push(items.slice(i, i + step));
    return out;
  }

  /** The session's limit of files per initiate call, whichever shape `limits` has. */
  function maxPerRequest(limits) {
    const value =
      limits && (limits.maxPerRequest || (limits.attachments && limits.attachments.maxPerRequest));
    return typeof value === 'number' && value > 0 ? Math.floor(value) : DEFAULT_MAX_PER_REQUEST;
  }

  /** The session's input size limit in bytes, or null when the session does not say. */
  function maxInputBytes(limits) {
    const value =
      limits && (limits.maxInputBytes || (limits.attachments && limits.attachments.maxInputBytes));
    return typeof value === 'number' && value > 0 ? value : null;
  }

  /** The gateway's error envelope from a response body, with safe fallbacks for anything else. */
  function readEnvelope(status, bodyText) {
    let error = null;
    try {
      const parsed = JSON.parse(bodyText);
      error = parsed && parsed.error;
    } catch (_ignored) {
      error = null;
    }
    if (error && typeof error.code === 'string') {
      return {
        status: status,
        code: error.code,
        message: typeof error.message === 'string' ? error.message : genericMessage(status),
        retryable: Boolean(error.retryable),
        correlationId: error.correlationId || null,
      };
    }
    return { status: status, code: 'HTTP_' + status, message: genericMessage(status), retryable: true };
  }

  function genericMessage(status) {
    if (status >= 500) return 'The server had a problem. Please try again in a moment.';
    return 'Something went wrong (' + status + '). Please try again.';
  }

  /** The full-page message for a code that ends the page, or null when the page can go on. */
  function fatalFor(code) {
    return Object.prototype.hasOwnProperty.call(FATAL, code) ? FATAL[code] : null;
  }

  /** What an upload answer means for the file: 'done', 'fatal' (whole page) or 'failed'. */
  function uploadOutcome(status, code) {
    if (status >= 200 && status < 300) return 'done';
    if (status === 409 && code === 'UPLOAD_ALREADY_RECEIVED') return 'done';
    if (fatalFor(code)) return 'fatal';
    return 'failed';
  }

  /** 1.2 MB, 340 KB, 900 B. */
  function formatBytes(bytes) {
    if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return '';
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + ' MB';
    if (bytes >= 1024) return Math.round(bytes / 1024) + ' KB';
    return bytes + ' B';
  }

  const api = {
    CONNECTION_LOST: CONNECTION_LOST,
    DEFAULT_MAX_PER_REQUEST: DEFAULT_MAX_PER_REQUEST,
    readToken: readToken,
    clockOffsetMs: clockOffsetMs,
    secondsLeft: secondsLeft,
    formatCountdown: formatCountdown,
    guessContentType: guessContentType,
    chunk: chunk,
    maxPerRequest: maxPerRequest,
    maxInputBytes: maxInputBytes,
    readEnvelope: readEnvelope,
    fatalFor: fatalFor,
    uploadOutcome: uploadOutcome,
    formatBytes: formatBytes,
  };
  root.MobileCore = Object.freeze(api);
})(typeof window !== 'undefined' ? window : globalThis);
