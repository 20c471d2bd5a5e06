/*
 * Phone page: the upload queue. Chosen files ask the gateway for upload slots, go up
 * by XHR (for progress) at most UPLOAD_CONCURRENCY at a time, and can be retried when they fail.
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
        fail(item, 'This photo is too large to upload.');
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
      result: null,
      error: null,
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
      batch.forEach((item) => fail(item, core.CONNECTION_LOST));
      return;
    }
    if (!result.ok) {
      const known = core.fatalFor(result.error.code);
      if (known) app.showFatal(result.error.code, known);
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
      app.render(item);
      app.announce('Photo ' + item.number + ' received.');
      return;
    }
    if (outcome === 'fatal') app.showFatal(envelope.code, core.fatalFor(envelope.code));
    fail(item, envelope.message);
  }

  function fail(item, message) {
    item.status = 'failed';
    item.error = message;
    app.render(item);
    app.announce('Photo ' + item.number + ' failed: ' + message);
  }

  function retry(item) {
    if (state.fatal) return;
    item.status = 'waiting';
    item.error = null;
    item.progress = 0;
    app.render(item);
    app.announce('Retrying photo ' + item.number + '.');
    // With a fileId the same bytes go to the same slot; without one the slot is asked for again.
    if (item.upload) pump();
    else initiate([item]);
  }

  Object.assign(app, { onFilesChosen: onFilesChosen, retry: retry });
})();
