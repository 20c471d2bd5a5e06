/*
 * Phone page: the shared namespace `window.ClinicProMobile`, the token, the session
 * load, the countdown and the page-ending messages. Needs mobile-core.js first; mobile.js wires it.
 *
 * The token lives only in this closure (read through `ClinicProMobile.token()`): it is removed
 * from the address bar at once and never stored.
 */
(function () {
  'use strict';
  const core = window.MobileCore;
  const app = (window.ClinicProMobile = window.ClinicProMobile || {});
  const API = '/api/integrations/medtech';

  const el = (id) => document.getElementById(id);
  const main = el('main');
  const inputs = [el('take-photo'), el('choose-photos')];

  let token = null;
  const state = {
    expiresAt: null,
    offsetMs: 0,
    limits: null,
    fatal: false,
    timer: null,
    items: [],
    active: new Set(),
    nextNumber: 1,
  };

  function announce(text) {
    el('status').textContent = text;
  }

  /** Calls the gateway with the token; resolves `{ ok, status, body, error, dateHeader, receivedAt }`. */
  async function call(method, path, body) {
    const headers = { 'x-mobile-token': token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
    const receivedAt = Date.now();
    const text = await response.text();
    const result = { ok: response.ok, status: response.status, dateHeader: response.headers.get('Date') };
    result.receivedAt = receivedAt;
    if (response.ok) result.body = text ? JSON.parse(text) : {};
    else result.error = core.readEnvelope(response.status, text);
    return result;
  }

  /** Takes the token read from the link and loads its session. */
  function begin(value) {
    token = value;
    loadSession();
  }

  async function loadSession() {
    main.dataset.state = 'loading';
    let result;
    try {
      result = await call('GET', '/mobile/session');
    } catch (_networkError) {
      showFatal('NETWORK_ERROR', {
        title: 'Cannot reach ClinicPro',
        text: 'Check your connection, then try again.',
        retry: true,
      });
      return;
    }
    if (!result.ok) {
      const known = core.fatalFor(result.error.code);
      showFatal(
        result.error.code,
        known || { title: 'Something went wrong', text: result.error.message, retry: true },
      );
      return;
    }
    const session = result.body;
    if (session.state === 'expired' || session.state === 'revoked') {
      const code = session.state === 'expired' ? 'SESSION_EXPIRED' : 'SESSION_REVOKED';
      showFatal(code, core.fatalFor(code));
      return;
    }
    state.offsetMs = core.clockOffsetMs(result.dateHeader, result.receivedAt);
    state.expiresAt = session.expiresAt;
    state.limits = session.limits || null;
    showPatient(session.patientDisplay);
    const max = core.maxPerRequest(state.limits);
    el('limit-hint').textContent = 'You can choose up to ' + max + ' photos at a time.';
    el('loading').hidden = true;
    el('pickers').hidden = false;
    el('expiry').hidden = false;
    inputs.forEach((input) => (input.disabled = false));
    main.dataset.state = 'ready';
    startCountdown();
  }

  function showPatient(display) {
    const name = display && display.name;
    const nhi = display && display.nhi;
    el('patient-name').textContent = name || '';
    el('patient-nhi').textContent = nhi || '';
    el('patient-nhi-line').hidden = !nhi;
    el('patient').hidden = !name && !nhi;
  }

  function startCountdown() {
    clearInterval(state.timer);
    tick();
    state.timer = setInterval(tick, 1000);
  }

  function tick() {
    const left = core.secondsLeft(state.expiresAt, Date.now(), state.offsetMs);
    const countdown = el('countdown');
    countdown.textContent = core.formatCountdown(left);
    countdown.dataset.secondsLeft = String(left);
    el('expiry').classList.toggle('urgent', left <= 60);
    if (left === 60) announce('One minute left on this link.');
    if (left <= 0) showFatal('SESSION_EXPIRED', core.fatalFor('SESSION_EXPIRED'));
  }

  /** Ends the page: a full-width message, pickers gone, uploads stopped; the file list stays visible. */
  function showFatal(code, message) {
    if (state.fatal) return;
    // A load failure that may pass (network, 5xx) offers Try again; the rest end the page for good.
    state.fatal = !message.retry;
    clearInterval(state.timer);
    main.dataset.state = 'fatal';
    el('loading').hidden = true;
    el('pickers').hidden = true;
    inputs.forEach((input) => (input.disabled = true));
    if (state.fatal) {
      el('expiry').hidden = true;
      for (const xhr of state.active) xhr.abort();
    }

    const box = document.createElement('section');
    box.className = 'fatal';
    box.setAttribute('data-testid', 'fatal-message');
    box.tabIndex = -1;
    box.dataset.code = code;
    box.setAttribute('role', 'alert');
    const title = document.createElement('h2');
    title.textContent = message.title;
    const text = document.createElement('p');
    text.textContent = message.text;
    box.append(title, text);
    if (message.retry) {
      const again = app.button('Try again', 'fatal-retry', () => {
        box.remove();
        el('loading').hidden = false;
        loadSession();
      });
      box.append(again);
    }
    const slot = el('fatal-slot');
    slot.replaceChildren(box);
    for (const item of state.items) app.render(item);
    box.focus();
  }

  Object.assign(app, {
    API: API,
    el: el,
    main: main,
    inputs: inputs,
    state: state,
    token: () => token,
    announce: announce,
    call: call,
    begin: begin,
    tick: tick,
    showFatal: showFatal,
  });
})();
