/*
 * ClinicPro phone upload page (/mobile?t=<token>). Classic script, needs mobile-core.js first.
 *
 * DOM contract (browser tests rely on it; keep it exact):
 *   main#main[data-state]              loading | ready | fatal
 *   [data-testid=patient-name]         patient name (empty, its block hidden, when patientDisplay is absent)
 *   [data-testid=patient-nhi]          patient NHI (same)
 *   [data-testid=countdown]            "m:ss" left on the server's clock; data-seconds-left = whole seconds
 *   input[data-testid=take-photo]      type=file, accept=image/*, capture=environment (disabled until ready)
 *   input[data-testid=choose-photos]   type=file, multiple (disabled until ready)
 *   [data-testid=file-item]            one per chosen file, in order; data-status = waiting | uploading |
 *                                      processing | done | failed; data-client-ref; data-file-id once known
 *     [data-testid=upload-progress]    <progress max=100> while waiting/uploading/processing, then removed
 *     [data-testid=file-error]         only when failed: the gateway's error.message (or "Connection lost...")
 *     button[data-testid=retry]        only when failed and the page is not fatal
 *     [data-testid=file-thumbnail]     <img> once done
 *   [data-testid=upload-summary]       "2 of 3 photos received" (empty before the first file)
 *   [data-testid=fatal-message]        created only on a page-ending error; data-code = the error code:
 *                                      SESSION_EXPIRED (410 or countdown at zero), SESSION_REVOKED,
 *                                      UNAUTHENTICATED (401 or no ?t=), SESSION_NOT_FOUND, or for a session
 *                                      load that failed otherwise its code / NETWORK_ERROR with a
 *                                      button[data-testid=fatal-retry]
 *   #status (role=status, aria-live)   spoken progress messages
 *
 * The token lives only in this closure: it is removed from the address bar at once and never stored.
 */
(function () {
  'use strict';
  const core = window.MobileCore;
  const API = '/api/integrations/medtech';
  const UPLOAD_CONCURRENCY = 2;
  const UPLOAD_TIMEOUT_MS = 5 * 60 * 1000;

  const el = (id) => document.getElementById(id);
  const main = el('main');
  const files = el('files');
  const inputs = [el('take-photo'), el('choose-photos')];

  const state = {
    token: null,
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
    const headers = { 'x-mobile-token': state.token };
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

  // ---- session and countdown ------------------------------------------------------------------

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
      const again = button('Try again', 'fatal-retry', () => {
        box.remove();
        el('loading').hidden = false;
        loadSession();
      });
      box.append(again);
    }
    const slot = el('fatal-slot');
    slot.replaceChildren(box);
    for (const item of state.items) render(item);
    box.focus();
  }

  // ---- files ----------------------------------------------------------------------------------

  function onFilesChosen(event) {
    const chosen = Array.from(event.target.files || []);
    event.target.value = ''; // the same photo can be chosen again later
    if (chosen.length === 0 || state.fatal) return;
    const maxBytes = core.maxInputBytes(state.limits);
    const fresh = chosen.map(addItem);
    const sendable = [];
    for (const item of fresh) {
      if (maxBytes !== null && item.file.size > maxBytes) {
        fail(item, 'This photo is too large to upload.');
      } else {
        sendable.push(item);
      }
    }
    announce(chosen.length === 1 ? 'Uploading 1 photo.' : 'Uploading ' + chosen.length + ' photos.');
    for (const batch of core.chunk(sendable, core.maxPerRequest(state.limits))) initiate(batch);
  }

  function addItem(file) {
    const number = state.nextNumber++;
    const item = {
      number,
      file,
      clientRef: 'photo-' + number + '-' + Math.random().toString(36).slice(2, 8),
      contentType: core.guessContentType(file),
      status: 'waiting',
      progress: 0,
      upload: null,
      result: null,
      error: null,
      row: null,
    };
    state.items.push(item);
    render(item);
    return item;
  }

  /** Asks the gateway for upload slots; failures mark the batch failed (Retry asks again). */
  async function initiate(batch) {
    const body = {
      files: batch.map((item) => ({
        clientRef: item.clientRef,
        contentType: item.contentType,
        sizeBytes: item.file.size,
      })),
    };
    let result;
    try {
      result = await call('POST', '/attachments/upload-initiate', body);
    } catch (_networkError) {
      batch.forEach((item) => fail(item, core.CONNECTION_LOST));
      return;
    }
    if (!result.ok) {
      const known = core.fatalFor(result.error.code);
      if (known) showFatal(result.error.code, known);
      batch.forEach((item) => fail(item, result.error.message));
      return;
    }
    const slots = (result.body && result.body.files) || [];
    batch.forEach((item, index) => {
      const slot = slots.find((s) => s.clientRef === item.clientRef) || slots[index];
      if (!slot || !slot.uploadUrl) {
        fail(item, 'The server did not accept this photo. Tap Retry.');
        return;
      }
      item.upload = {
        fileId: slot.fileId,
        url: slot.uploadUrl,
        method: slot.method || 'POST',
        fieldName: slot.fieldName || 'file',
      };
      render(item);
    });
    pump();
  }

  /** Starts uploads while fewer than UPLOAD_CONCURRENCY run: phone uplinks are narrow. */
  function pump() {
    if (state.fatal) return;
    for (const item of state.items) {
      if (state.active.size >= UPLOAD_CONCURRENCY) return;
      if (item.status === 'waiting' && item.upload) upload(item);
    }
  }

  function upload(item) {
    const xhr = new XMLHttpRequest();
    state.active.add(xhr);
    item.status = 'uploading';
    item.progress = 0;
    render(item);

    xhr.open(item.upload.method, item.upload.url);
    xhr.setRequestHeader('x-mobile-token', state.token);
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      item.progress = Math.min(100, Math.round((event.loaded / event.total) * 100));
      render(item);
    };
    xhr.upload.onload = () => {
      item.status = 'processing';
      item.progress = 100;
      render(item);
    };
    const finish = (handler) => () => {
      state.active.delete(xhr);
      handler();
      pump();
    };
    xhr.onload = finish(() => onUploadAnswer(item, xhr));
    xhr.onerror = finish(() => fail(item, core.CONNECTION_LOST));
    xhr.ontimeout = finish(() => fail(item, core.CONNECTION_LOST));
    xhr.onabort = finish(() => fail(item, 'Upload stopped.'));

    const form = new FormData();
    // Some browsers leave HEIC untyped; name the guessed type so the part is not octet-stream.
    const file = item.file.type
      ? item.file
      : new File([item.file], item.file.name, { type: item.contentType });
    form.append(item.upload.fieldName, file, item.file.name || 'photo');
    xhr.send(form);
  }

  function onUploadAnswer(item, xhr) {
    const text = xhr.responseText || '';
    let body = null;
    if (xhr.status >= 200 && xhr.status < 300) {
      try {
        body = JSON.parse(text);
      } catch (_ignored) {
        body = {};
      }
    }
    const envelope = body ? null : core.readEnvelope(xhr.status, text);
    const outcome = core.uploadOutcome(xhr.status, envelope && envelope.code);
    if (outcome === 'done') {
      item.status = 'done';
      item.result = body || { alreadyReceived: true };
      item.error = null;
      render(item);
      announce('Photo ' + item.number + ' received.');
      return;
    }
    if (outcome === 'fatal') showFatal(envelope.code, core.fatalFor(envelope.code));
    fail(item, envelope.message);
  }

  function fail(item, message) {
    item.status = 'failed';
    item.error = message;
    render(item);
    announce('Photo ' + item.number + ' failed: ' + message);
  }

  function retry(item) {
    if (state.fatal) return;
    item.status = 'waiting';
    item.error = null;
    item.progress = 0;
    render(item);
    announce('Retrying photo ' + item.number + '.');
    // With a fileId the same bytes go to the same slot; without one the slot is asked for again.
    if (item.upload) pump();
    else initiate([item]);
  }

  // ---- rendering ------------------------------------------------------------------------------

  function button(label, testid, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button';
    b.textContent = label;
    b.setAttribute('data-testid', testid);
    b.addEventListener('click', onClick);
    return b;
  }

  function render(item) {
    if (!item.row) {
      item.row = document.createElement('li');
      item.row.className = 'file';
      item.row.setAttribute('data-testid', 'file-item');
      item.row.dataset.clientRef = item.clientRef;
      files.append(item.row);
    }
    const row = item.row;
    row.dataset.status = item.status;
    if (item.upload && item.upload.fileId) row.dataset.fileId = item.upload.fileId;

    const thumb = document.createElement('div');
    thumb.className = 'thumb';
    if (item.status === 'done') thumb.append(thumbnail(item));

    const info = document.createElement('div');
    info.className = 'info';
    const name = document.createElement('p');
    name.className = 'name';
    name.textContent = 'Photo ' + item.number + ' · ' + core.formatBytes(item.file.size);
    const status = document.createElement('p');
    status.className = 'state';
    status.textContent = statusText(item);
    info.append(name, status);

    if (item.status === 'waiting' || item.status === 'uploading' || item.status === 'processing') {
      const bar = document.createElement('progress');
      bar.max = 100;
      bar.value = item.progress;
      bar.setAttribute('data-testid', 'upload-progress');
      bar.setAttribute('aria-label', 'Upload of photo ' + item.number);
      info.append(bar);
    }
    if (item.status === 'failed') {
      const error = document.createElement('p');
      error.className = 'error';
      error.setAttribute('data-testid', 'file-error');
      error.textContent = item.error;
      info.append(error);
      if (!state.fatal) {
        const again = button('Retry', 'retry', () => retry(item));
        again.setAttribute('aria-label', 'Retry photo ' + item.number);
        info.append(again);
      }
    }
    row.replaceChildren(thumb, info);
    renderSummary();
  }

  function statusText(item) {
    switch (item.status) {
      case 'waiting':
        return 'Waiting…';
      case 'uploading':
        return 'Uploading ' + item.progress + '%';
      case 'processing':
        return 'Processing…';
      case 'done':
        return doneText(item.result);
      default:
        return 'Not sent';
    }
  }

  function doneText(result) {
    if (!result || result.alreadyReceived) return 'Received';
    const parts = ['Received'];
    if (result.width && result.height) parts.push(result.width + '×' + result.height);
    if (result.sizeBytes) parts.push(core.formatBytes(result.sizeBytes));
    return parts.join(' · ');
  }

  /**
   * The local file as a thumbnail. A photo this browser cannot draw (HEIC anywhere but Safari)
   * shows the gateway's JPEG thumbnail of it instead, or a plain tile when that fails too.
   */
  function thumbnail(item) {
    if (!item.previewUrl) item.previewUrl = URL.createObjectURL(item.file);
    const img = document.createElement('img');
    img.alt = 'Photo ' + item.number;
    img.setAttribute('data-testid', 'file-thumbnail');
    img.src = item.previewUrl;
    img.addEventListener(
      'error',
      () => {
        img.classList.add('unrenderable');
        useServerThumbnail(item, img);
      },
      { once: true },
    );
    return img;
  }

  /** Asks once per photo: the phone may read its own session's files with its token. */
  async function useServerThumbnail(item, img) {
    if (item.serverPreview || !item.upload || state.fatal) return;
    item.serverPreview = true;
    const path = '/attachments/' + encodeURIComponent(item.upload.fileId) + '/content?variant=thumbnail';
    try {
      const response = await fetch(API + path, {
        headers: { 'x-mobile-token': state.token },
        cache: 'no-store',
        credentials: 'omit',
      });
      if (!response.ok) return;
      const blobUrl = URL.createObjectURL(await response.blob());
      URL.revokeObjectURL(item.previewUrl);
      item.previewUrl = blobUrl;
      img.src = blobUrl;
      img.classList.remove('unrenderable');
    } catch (_networkError) {
      // The plain tile stays; the photo itself was received.
    }
  }

  function renderSummary() {
    const total = state.items.length;
    const done = state.items.filter((item) => item.status === 'done').length;
    const failed = state.items.filter((item) => item.status === 'failed').length;
    let text = total === 0 ? '' : done + ' of ' + total + (total === 1 ? ' photo' : ' photos') + ' received';
    if (failed > 0) text += ', ' + failed + ' failed';
    el('summary').textContent = text;
  }

  // ---- start ----------------------------------------------------------------------------------

  const { token, cleanUrl } = core.readToken(window.location.href);
  // Out of the address bar before anything else runs: no history entry, no bookmark, no referrer.
  window.history.replaceState(null, '', cleanUrl);
  inputs.forEach((input) => input.addEventListener('change', onFilesChosen));
  document.addEventListener('visibilitychange', () => {
    // Timers sleep with the phone; recount from the clock as soon as the page is visible again.
    if (document.visibilityState === 'visible' && main.dataset.state === 'ready') tick();
  });
  if (!token) {
    showFatal('UNAUTHENTICATED', core.fatalFor('UNAUTHENTICATED'));
  } else {
    state.token = token;
    loadSession();
  }
})();
