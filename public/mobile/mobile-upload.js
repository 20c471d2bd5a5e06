/*
 * Phone page: the upload queue. Chosen files ask the gateway for upload slots, go up
 * by XHR (for progress) at most UPLOAD_CONCURRENCY at a time. A photo that was not received can
 * be retried; one the gateway refused (damaged, not a photo, too large) can only be removed.
 */
(function () {
  'use strict';
  const core = window.MobileCore;
  const app = window.ClinicProMobile;
  const state = app.state;
  const UPLOAD_CONCURRENCY = 2;
  const UPLOAD_TIMEOUT_MS = 5 * 60 * 1000;

  function onFilesChosen(event) {
    const chosen = Array.from(event.target.files || []);
    event.target.value = ''; // the same photo can be chosen again later
    if (chosen.length === 0 || state.fatal) return;
    const maxBytes = core.maxInputBytes(state.limits);
    const fresh = chosen.map(addItem);
    const sendable = [];
    for (const item of fresh) {
      if (maxBytes !== null && item.file.size > maxBytes) {
        fail(item, 'FILE_TOO_LARGE', '');
      } else {
        sendable.push(item);
      }
    }
    app.announce(chosen.length === 1 ? 'Uploading 1 photo.' : 'Uploading ' + chosen.length + ' photos.');
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
      position: null,
      result: null,
      error: null,
      refused: false,
      row: null,
    };
    state.items.push(item);
    app.render(item);
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
      result = await app.call('POST', '/attachments/upload-initiate', body);
    } catch (_networkError) {
      batch.forEach((item) => fail(item, 'NETWORK_ERROR', core.CONNECTION_LOST));
      return;
    }
    if (!result.ok) {
      const known = core.fatalFor(result.error.code);
      if (known) app.showFatal(result.error.code, known);
      batch.forEach((item) => fail(item, result.error.code, result.error.message));
      return;
    }
    const slots = (result.body && result.body.files) || [];
    batch.forEach((item, index) => {
      const slot = slots.find((s) => s.clientRef === item.clientRef) || slots[index];
      if (!slot || !slot.uploadUrl) {
        fail(item, 'NO_SLOT', 'The server did not accept this photo. Tap Retry.');
        return;
      }
      // The gateway's order of declaration: the desktop labels the photo by the same position.
      if (typeof slot.position === 'number') item.position = slot.position;
      item.upload = {
        fileId: slot.fileId,
        url: slot.uploadUrl,
        method: slot.method || 'POST',
        fieldName: slot.fieldName || 'file',
      };
      app.render(item);
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
    app.render(item);

    xhr.open(item.upload.method, item.upload.url);
    xhr.setRequestHeader('x-mobile-token', app.token());
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      item.progress = Math.min(100, Math.round((event.loaded / event.total) * 100));
      app.render(item);
    };
    xhr.upload.onload = () => {
      item.status = 'processing';
      item.progress = 100;
      app.render(item);
    };
    const finish = (handler) => () => {
      state.active.delete(xhr);
      handler();
      pump();
    };
    xhr.onload = finish(() => onUploadAnswer(item, xhr));
    xhr.onerror = finish(() => fail(item, 'NETWORK_ERROR', core.CONNECTION_LOST));
    xhr.ontimeout = finish(() => fail(item, 'NETWORK_ERROR', core.CONNECTION_LOST));
    xhr.onabort = finish(() => fail(item, 'ABORTED', 'Upload stopped.'));

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
      app.render(item);
      app.announce(app.nameOf(item) + ' received.');
      return;
    }
    if (outcome === 'fatal') app.showFatal(envelope.code, core.fatalFor(envelope.code));
    fail(item, envelope.code, envelope.message);
  }

  /** Marks the photo failed: refused (the reason from the code, Remove) or not sent (Retry). */
  function fail(item, code, message) {
    const failure = core.failureFor(code, message, core.maxInputBytes(state.limits));
    item.status = 'failed';
    item.refused = failure.refused;
    item.error = failure.reason;
    app.render(item);
    app.announce(app.nameOf(item) + (failure.refused ? ' refused: ' : ' not sent: ') + failure.reason);
  }

  /** Takes a refused photo off the list, and off the gateway so the computer does not list it either. */
  function remove(item) {
    state.items = state.items.filter((other) => other !== item);
    if (item.row) item.row.remove();
    if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
    app.renderSummary();
    app.announce(app.nameOf(item) + ' removed.');
    if (item.upload && item.upload.fileId && !state.fatal) {
      app.call('DELETE', '/attachments/' + encodeURIComponent(item.upload.fileId)).catch(() => undefined);
    }
  }

  function retry(item) {
    if (state.fatal) return;
    item.status = 'waiting';
    item.error = null;
    item.refused = false;
    item.progress = 0;
    app.render(item);
    app.announce('Retrying ' + app.nameOf(item) + '.');
    // With a fileId the same bytes go to the same slot; without one the slot is asked for again.
    if (item.upload) pump();
    else initiate([item]);
  }

  Object.assign(app, { onFilesChosen: onFilesChosen, retry: retry, remove: remove });
})();
