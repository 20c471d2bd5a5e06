/*
 * Phone page: live status. Once the page is ready it opens its session's event stream (its own
 * token as `?t=`, since EventSource sends no headers) and marks each photo that reaches Medtech
 * with "Saved to Medtech" (file status `committed`). A revoked session ends the page at once.
 * After any error the stream is re-created with backoff; while it is down the page polls
 * GET mobile/session as a fallback, so a replaced link is still noticed.
 *
 * DOM contract (added): inside a [data-testid=file-item], [data-testid=saved-to-medtech] once its
 * file is committed (the row then also has data-committed=true).
 */
(function () {
  'use strict';
  const app = window.ClinicProMobile;
  const core = window.MobileCore;
  const files = app.el('files');

  const FIRST_BACKOFF_MS = 1000;
  const MAX_BACKOFF_MS = 30000;
  const committed = new Set();
  let started = false;

  /** Puts the marker on every committed row; rows are redrawn by mobile-render.js, so re-applied. */
  function markSaved() {
    for (const row of files.querySelectorAll('[data-testid=file-item][data-file-id]')) {
      if (!committed.has(row.dataset.fileId) || row.querySelector('[data-testid=saved-to-medtech]')) continue;
      row.dataset.committed = 'true';
      const note = document.createElement('p');
      note.className = 'saved';
      note.setAttribute('data-testid', 'saved-to-medtech');
      note.textContent = 'Saved to Medtech';
      (row.querySelector('.info') || row).append(note);
    }
  }

  function applyFile(file) {
    if (file.status !== 'committed' || committed.has(file.fileId)) return;
    committed.add(file.fileId);
    markSaved();
    app.announce('A photo was saved to Medtech.');
  }

  function applySession(view) {
    if (view.state === 'revoked') app.showFatal('SESSION_REVOKED', core.fatalFor('SESSION_REVOKED'));
  }

  async function pollOnce() {
    try {
      const result = await app.call('GET', '/mobile/session');
      if (result.ok) applySession(result.body);
      else if (result.error && result.error.code === 'SESSION_REVOKED') applySession({ state: 'revoked' });
    } catch (_networkError) {
      // Still offline: the next attempt tries again.
    }
  }

  function watch(sessionId) {
    if (typeof window.EventSource !== 'function') {
      const timer = setInterval(() => (app.state.fatal ? clearInterval(timer) : pollOnce()), 5000);
      return;
    }
    let failures = 0;
    const connect = () => {
      if (app.state.fatal) return;
      const path =
        app.API +
        '/mobile/sessions/' +
        encodeURIComponent(sessionId) +
        '/events?t=' +
        encodeURIComponent(app.token());
      const source = new window.EventSource(path);
      const on = (name, apply) =>
        source.addEventListener(name, (event) => {
          if (app.state.fatal) return source.close();
          apply(JSON.parse(event.data));
        });
      on('snapshot', (view) => {
        failures = 0;
        applySession(view);
        (view.files || []).forEach(applyFile);
      });
      on('session', applySession);
      on('file', applyFile);
      source.onerror = () => {
        source.close();
        if (app.state.fatal) return;
        failures += 1;
        pollOnce();
        const wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failures - 1));
        setTimeout(connect, wait * (0.75 + Math.random() * 0.5));
      };
    };
    connect();
  }

  async function start() {
    if (started || app.main.dataset.state !== 'ready') return;
    started = true;
    const result = await app.call('GET', '/mobile/session').catch(() => null);
    if (result && result.ok && result.body.sessionId) watch(result.body.sessionId);
  }

  new MutationObserver(markSaved).observe(files, { childList: true, subtree: true });
  new MutationObserver(start).observe(app.main, { attributes: true, attributeFilter: ['data-state'] });
})();
