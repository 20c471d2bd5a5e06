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

  /**
   * Why the gateway refused a photo, in words, for refusals that sending the same bytes again
   * cannot fix. The page offers Remove (not Retry) for these; anything else (network, 5xx, 429,
   * 409 UPLOAD_IN_PROGRESS, GATEWAY_BUSY) keeps Retry.
   */
  const REFUSALS = {
    IMAGE_UNREADABLE: 'The photo could not be read: the file is damaged or incomplete. Take it again.',
    UNSUPPORTED_MEDIA_TYPE: 'This file is not a photo the gateway accepts (JPEG, PNG, WebP, HEIC or HEIF).',
    FILE_TOO_LARGE: 'This photo is larger than the upload limit.',
    PAYLOAD_TOO_LARGE: 'This visit has reached its upload limit. Remove or save some photos first.',
    FILE_NOT_FOUND: 'This photo can no longer be sent: its upload slot has expired or was deleted.',
    VALIDATION_FAILED: 'The gateway could not accept this file as sent.',
  };

  /**
   * What a failed photo should say and offer: `{ refused, reason, action }`, where `refused`
   * means the gateway received and refused it (say "Refused", offer Remove) and otherwise it was
   * not received (say "Not sent", offer Retry). `maxBytes` puts the real limit in the reason.
   */
  function failureFor(code, message, maxBytes) {
    if (Object.prototype.hasOwnProperty.call(REFUSALS, code)) {
      let reason = REFUSALS[code];
      if (code === 'FILE_TOO_LARGE' && typeof maxBytes === 'number' && maxBytes > 0) {
        reason = 'This photo is larger than the ' + formatBytes(maxBytes) + ' upload limit.';
      }
      return { refused: true, reason: reason, action: 'remove' };
    }
    return { refused: false, reason: message || CONNECTION_LOST, action: 'retry' };
  }

  /** A, B, ... Z, AA: the label of the photo at 1-based `position`, the same on phone and desktop. */
  function labelFor(position) {
    if (typeof position !== 'number' || !(position >= 1)) return '';
    let n = Math.floor(position) - 1;
    let label = '';
    do {
      label = String.fromCharCode(65 + (n % 26)) + label;
      n = Math.floor(n / 26) - 1;
    } while (n >= 0);
    return label;
  }

  /**
   * The summary line: "All photos received. You can go back to the computer." once every photo
   * still listed is received, else "2 of 3 photos received" (", 1 failed").
   */
  function summaryText(counts) {
    const total = counts.total || 0;
    const done = counts.done || 0;
    const failed = counts.failed || 0;
    if (total === 0) return '';
    if (done === total) return 'All photos received. You can go back to the computer.';
    let text = done + ' of ' + total + (total === 1 ? ' photo' : ' photos') + ' received';
    if (failed > 0) text += ', ' + failed + ' failed';
    return text;
  }

  /**
   * The sizes of a received photo with what each one is: the file on the phone and the JPEG
   * the gateway saved (which may be larger than a small original, never unexplained).
   */
  function sizesText(originalBytes, savedBytes) {
    const parts = [];
    if (typeof originalBytes === 'number') parts.push(formatBytes(originalBytes) + ' on this phone');
    if (typeof savedBytes === 'number') parts.push('saved as ' + formatBytes(savedBytes));
    return parts.join(', ');
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
    failureFor: failureFor,
    labelFor: labelFor,
    summaryText: summaryText,
    sizesText: sizesText,
  };
  root.MobileCore = Object.freeze(api);
})(typeof window !== 'undefined' ? window : globalThis);
