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
    if (item.status === 'failed') row.dataset.failure = item.refused ? 'refused' : 'retry';
    else delete row.dataset.failure;
    if (item.position) row.dataset.label = core.labelFor(item.position);
    if (item.upload && item.upload.fileId) row.dataset.fileId = item.upload.fileId;

    const thumb = document.createElement('div');
    thumb.className = 'thumb';
    if (item.status === 'done') thumb.append(thumbnail(item));

    const info = document.createElement('div');
    info.className = 'info';
    const name = document.createElement('p');
    name.className = 'name';
    const label = document.createElement('strong');
    label.setAttribute('data-testid', 'file-label');
    label.textContent = labelText(item);
    const fileName = document.createElement('span');
    fileName.className = 'file-name';
    fileName.setAttribute('data-testid', 'file-name');
    fileName.textContent = item.file.name || 'photo';
    name.append(label, fileName);
    const size = document.createElement('p');
    size.className = 'size';
    size.setAttribute('data-testid', 'file-size');
    size.textContent =
      item.status === 'done' && item.result && !item.result.alreadyReceived
        ? core.sizesText(item.file.size, item.result.sizeBytes)
        : core.sizesText(item.file.size);
    const status = document.createElement('p');
    status.className = 'state';
    status.setAttribute('data-testid', 'file-state');
    status.textContent = statusText(item);
    info.append(name, size, status);

    if (item.status === 'waiting' || item.status === 'uploading' || item.status === 'processing') {
      const bar = document.createElement('progress');
      bar.max = 100;
      bar.value = item.progress;
      bar.setAttribute('data-testid', 'upload-progress');
      bar.setAttribute('aria-label', 'Upload of ' + nameOf(item));
      info.append(bar);
    }
    if (item.status === 'failed') {
      const error = document.createElement('p');
      error.className = 'error';
      error.setAttribute('data-testid', 'file-error');
      error.textContent = item.error;
      info.append(error);
      if (item.refused) {
        const drop = button('Remove', 'remove', () => app.remove(item));
        drop.setAttribute('aria-label', 'Remove ' + nameOf(item));
        info.append(drop);
      } else if (!state.fatal) {
        const again = button('Retry', 'retry', () => app.retry(item));
        again.setAttribute('aria-label', 'Retry ' + nameOf(item));
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
        // Refused: it reached the gateway, which said no. Otherwise it never got there.
        return item.refused ? 'Refused' : 'Not sent';
    }
  }

  function doneText(result) {
    if (!result || result.alreadyReceived) return 'Received';
    return result.width && result.height ? 'Received · ' + result.width + '×' + result.height : 'Received';
  }

  /** "Photo B" once the gateway has given the photo its place, "Photo" before. */
  function labelText(item) {
    const label = core.labelFor(item.position);
    return label ? 'Photo ' + label : 'Photo';
  }

  /** How announcements and button labels name a photo: its label and file name. */
  function nameOf(item) {
    return labelText(item) + ' (' + (item.file.name || 'photo') + ')';
  }

  /**
   * The local file as a thumbnail. A photo this browser cannot draw (HEIC anywhere but Safari)
   * shows the gateway's JPEG thumbnail of it instead, or a plain tile when that fails too.
   */
  function thumbnail(item) {
    if (!item.previewUrl) item.previewUrl = URL.createObjectURL(item.file);
    const img = document.createElement('img');
    img.alt = nameOf(item);
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
    const text = core.summaryText({
      total: state.items.length,
      done: state.items.filter((item) => item.status === 'done').length,
      failed: state.items.filter((item) => item.status === 'failed').length,
    });
    el('summary').textContent = text;
    el('summary').classList.toggle('all-done', /^All photos received/.test(text));
  }

  Object.assign(app, { button: button, render: render, renderSummary: renderSummary, nameOf: nameOf });
})();
