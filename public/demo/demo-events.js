/*
 * Demo page: live status. Opens the session's event stream (eventsUrl, with its read-only
 * desktop token) and applies `snapshot`, `session` and `file` events as they come, so a photo
 * appears without reloading or polling. After any error the stream is re-created with backoff;
 * polling (demo-session.js) is only the fallback when EventSource is missing or keeps failing.
 * Events are applied by fileId and are idempotent: a change may arrive both in a snapshot and
 * as an event.
 */
(function () {
  'use strict';
  const app = window.ClinicProDemo;
  const { el, state } = app;

  const FIRST_BACKOFF_MS = 1000;
  const MAX_BACKOFF_MS = 30000;
  /** After this many failures in a row the page also polls once per failure, so it stays current. */
  const POLL_AFTER_FAILURES = 2;

  /** The stream on this very gateway: the demo is served by it, so the path is enough (CSP: 'self'). */
  function streamPath(eventsUrl) {
    const url = new URL(eventsUrl, window.location.href);
    return url.pathname + url.search;
  }

  function applySession(view) {
    const s = state.session;
    s.expiresAt = view.expiresAt || s.expiresAt;
    el('session-state').textContent = view.state;
    app.renderExpiry();
  }

  function applyFile(file) {
    // The index only names a new card (Photo A, B, ...); a known card keeps its label.
    app.renderFile(file, state.files.size);
    app.renderCommitButton();
  }

  function removeFile(fileId) {
    const entry = state.files.get(fileId);
    if (!entry) return;
    entry.card.remove();
    state.files.delete(fileId);
    app.renderCommitButton();
  }

  function applySnapshot(view) {
    applySession(view);
    (view.files || []).forEach(applyFile);
  }

  /** Watches the current session; returns at once. A newer session (generation) stops it. */
  function watchSession(generation) {
    const session = state.session;
    if (typeof window.EventSource !== 'function' || !session.eventsUrl) {
      app.pollSession(generation);
      return;
    }
    const current = () => generation === state.generation;
    let failures = 0;
    let source = null;

    const connect = () => {
      if (!current()) return;
      source = new window.EventSource(streamPath(session.eventsUrl));
      el('session-card').dataset.live = 'connecting';
      const on = (name, apply) =>
        source.addEventListener(name, (event) => {
          if (!current()) return source.close();
          apply(JSON.parse(event.data));
        });
      on('snapshot', (view) => {
        failures = 0;
        el('session-card').dataset.live = 'live';
        applySnapshot(view);
      });
      on('session', (view) => {
        applySession(view);
        // A revoked session's token is dead: reconnecting would only hear 401.
        if (view.state === 'revoked') source.close();
      });
      on('file', applyFile);
      on('file-deleted', (data) => removeFile(data.fileId));
      source.onerror = () => {
        source.close();
        if (!current() || el('session-state').textContent === 'revoked') return;
        failures += 1;
        el('session-card').dataset.live = 'reconnecting';
        if (failures >= POLL_AFTER_FAILURES) app.refreshSession().catch(() => undefined);
        const wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failures - 1));
        setTimeout(connect, wait * (0.75 + Math.random() * 0.5));
      };
    };
    state.stopEvents = () => source && source.close();
    connect();
  }

  Object.assign(app, { watchSession: watchSession });
})();
