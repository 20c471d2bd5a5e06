/*
 * Phone page: the file rows (status, progress, error and Retry, thumbnail) and the
 * summary line. Drawn from `ClinicProMobile.state`; nothing here changes an upload.
 */
(function () {
  'use strict';
  const core = window.MobileCore;
  const app = window.ClinicProMobile;
  const state = app.state;
  const el = app.el;
  const files = el('files');

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
        const again = button('Retry', 'retry', () => app.retry(item));
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
      const response = await fetch(app.API + path, {
        headers: { 'x-mobile-token': app.token() },
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

  Object.assign(app, { button: button, render: render });
})();
