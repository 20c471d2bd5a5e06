/*
 * Pure helpers of the demo page added for issue 11 (no DOM, no network), loaded after
 * demo-core.js as `window.DemoChecks` and run by jest in a plain `vm` context
 * (test/unit/pages/demo-checks.test.ts).
 */
(function (root) {
  'use strict';

  const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

  /** True when a phone could not open `url`: it names this computer itself (localhost, 127.x, ::1). */
  function phoneCannotReach(url) {
    try {
      const host = new URL(url).hostname;
      return LOOPBACK.test(host) || /\.localhost$/i.test(host);
    } catch (_ignored) {
      return false;
    }
  }

  /** A, B, ... from the 1-based position the gateway gives each file (the phone shows the same). */
  function labelFor(position, fallbackIndex) {
    let n = typeof position === 'number' && position >= 1 ? Math.floor(position) - 1 : fallbackIndex || 0;
    let label = '';
    do {
      label = String.fromCharCode(65 + (n % 26)) + label;
      n = Math.floor(n / 26) - 1;
    } while (n >= 0);
    return label;
  }

  /**
   * The headline of a commit answer: `{ tone, text }` with tone ok | partial | error, e.g.
   * "2 photos saved to Medtech." or "1 of 2 photos saved to Medtech; 1 not saved.".
   */
  function commitSummary(status, body) {
    const files = (body && body.files) || [];
    const saved = files.filter((f) => f.status === 'committed').length;
    const queued = files.filter((f) => f.status === 'queued').length;
    const failed = files.length - saved - queued;
    const photos = (n) => n + (n === 1 ? ' photo' : ' photos');
    if (files.length === 0) {
      const error = body && body.error;
      return {
        tone: 'error',
        text: 'Nothing was saved' + (error && error.code ? ' (' + error.code + ').' : '.'),
      };
    }
    if (saved === files.length) return { tone: 'ok', text: photos(saved) + ' saved to Medtech.' };
    const parts = [saved + ' of ' + photos(files.length) + ' saved to Medtech'];
    if (queued > 0) parts.push(queued + ' queued for delivery');
    if (failed > 0) parts.push(failed + ' not saved');
    return { tone: saved + queued === files.length ? 'partial' : 'error', text: parts.join('; ') + '.' };
  }

  root.DemoChecks = Object.freeze({
    phoneCannotReach: phoneCannotReach,
    labelFor: labelFor,
    commitSummary: commitSummary,
  });
})(typeof window !== 'undefined' ? window : globalThis);
