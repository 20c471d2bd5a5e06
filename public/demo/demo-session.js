/*
 * Demo page: the phone session: start it, show its QR code, poll it every POLL_MS and draw one
 * card per file with its thumbnail (the metadata form comes from demo-metadata.js).
 */
(function () {
  'use strict';
  const core = window.DemoCore;
  const app = window.ClinicProDemo;
  const { el, state, make, api, showError } = app;

  const POLL_MS = 2000;

  async function startSession() {
    if (!state.capabilities && !(await app.loadCapabilities())) return;
    const patient = app.selectedPatient();
    const context = {
      encounterId: el('encounter-id').value.trim(),
      patientId: el('patient-id').value.trim(),
      facilityId: el('facility-select').value,
    };
    const body = Object.assign({}, context);
    if (patient && patient.patientId === context.patientId) {
      body.patientDisplay = { name: patient.name, nhi: patient.nhi };
    }
    const result = await api('POST', '/mobile/initiate', body);
    if (!result.ok) {
      showError(core.readError(result.status, result.body));
      return;
    }
    state.generation += 1;
    clearTimeout(state.pollTimer);
    if (state.stopEvents) state.stopEvents();
    state.session = Object.assign(context, result.body);
    state.offsetMs = offsetFrom(result.date);
    state.files.clear();
    el('demo-files').replaceChildren();
    el('commit-result').hidden = true;
    el('commit-summary').hidden = true;
    el('qr-image').src = result.body.qrSvg;
    app.renderReachability(result.body.mobileUploadUrl);
    el('session-placeholder').hidden = true;
    el('session-body').hidden = false;
    el('mobile-link').href = result.body.mobileUploadUrl;
    el('session-id').textContent = result.body.sessionId;
    el('session-state').textContent = 'created';
    app.renderCommitButton();
    // The QR code is what the clinician needs next: bring it into view.
    el('session-card').scrollIntoView({ block: 'start' });
    // Live status when demo-events.js is loaded; polling otherwise.
    (app.watchSession || poll)(state.generation);
  }

  function offsetFrom(dateHeader) {
    const server = dateHeader ? Date.parse(dateHeader) : NaN;
    return Number.isFinite(server) ? server - Date.now() : 0;
  }

  async function poll(generation) {
    if (generation !== state.generation) return;
    let keepGoing = true;
    try {
      keepGoing = await refreshSession();
    } catch (_networkError) {
      keepGoing = true; // a blip: try again on the next tick
    }
    if (keepGoing && generation === state.generation) {
      state.pollTimer = setTimeout(() => poll(generation), POLL_MS);
    }
  }

  /** One poll: updates state and files; false once the session can no longer change. */
  async function refreshSession() {
    const s = state.session;
    const path =
      '/mobile/sessions/' +
      encodeURIComponent(s.sessionId) +
      '?facilityId=' +
      encodeURIComponent(s.facilityId);
    const result = await api('GET', path);
    if (!result.ok) {
      const error = core.readError(result.status, result.body);
      el('session-state').textContent = error.code;
      showError(error);
      return result.status >= 500 || result.status === 429;
    }
    const view = result.body;
    state.offsetMs = offsetFrom(result.date);
    s.expiresAt = view.expiresAt || s.expiresAt;
    el('session-state').textContent = view.state;
    renderExpiry();
    (view.files || []).forEach((file, index) => renderFile(file, index));
    renderEmptyFiles(view.files || []);
    app.renderCommitButton();
    const settled = (view.files || []).every(
      (f) => f.status !== 'awaiting_upload' && f.status !== 'processing',
    );
    return !(core.isFinalState(view.state) && settled);
  }

  function renderExpiry() {
    const left = Math.max(
      0,
      Math.ceil((Date.parse(state.session.expiresAt) - (Date.now() + state.offsetMs)) / 1000),
    );
    el('session-expires').textContent = Number.isFinite(left)
      ? Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0')
      : '?';
  }

  // ---- files ----------------------------------------------------------------------------------

  function renderFile(file, index) {
    let entry = state.files.get(file.fileId);
    if (!entry) {
      // The label comes from the order the phone declared the photo: the phone shows the same one.
      entry = {
        data: file,
        label: window.DemoChecks.labelFor(file.position, index),
        card: null,
        form: null,
        thumb: false,
      };
      entry.card = make('li', { class: 'demo-file', testid: 'demo-file', 'data-file-id': file.fileId });
      entry.preview = make('div', { class: 'preview' });
      entry.head = make('p', { class: 'file-head' });
      entry.errorLine = make('p', { class: 'file-error', testid: 'demo-file-error', hidden: true });
      entry.details = make('div', { class: 'details' }, [entry.head, entry.errorLine]);
      entry.card.append(entry.preview, entry.details);
      el('demo-files').append(entry.card);
      state.files.set(file.fileId, entry);
    }
    entry.data = file;
    entry.card.dataset.status = file.status;
    const dims = file.width && file.height ? file.width + '×' + file.height : '';
    const size = file.sizeBytes ? Math.round(file.sizeBytes / 1024) + ' KB' : '';
    entry.head.replaceChildren(
      make('strong', { text: 'Photo ' + entry.label }),
      make('span', { class: 'badge badge-' + file.status, testid: 'demo-file-status', text: file.status }),
      make('span', { class: 'dims', text: [dims, size].filter(Boolean).join(' · ') }),
    );
    const message = file.error && (file.error.message || file.error.code || String(file.error));
    entry.errorLine.textContent = message || '';
    entry.errorLine.hidden = !message;
    if ((file.status === 'ready' || file.status === 'committed') && !entry.thumb) loadThumbnail(entry);
    if (file.status === 'ready' && !entry.form) entry.form = app.buildForm(entry);
    if (entry.form) entry.form.fieldset.disabled = file.status !== 'ready';
    // A committed photo stays checked and reads "Saved to Medtech": it was included, and is now saved.
    entry.card.classList.toggle('is-committed', file.status === 'committed');
    if (entry.form)
      entry.form.includeText.textContent =
        file.status === 'committed' ? ' Included · saved to Medtech' : ' Include in commit';
  }

  function renderEmptyFiles(files) {
    el('files-empty').hidden = files.length > 0;
  }

  async function loadThumbnail(entry) {
    entry.thumb = true;
    const url = core.thumbnailPath(entry.data, state.session.facilityId);
    try {
      const response = await fetch(url, {
        headers: { Authorization: 'Bearer ' + el('api-key').value.trim() },
      });
      if (!response.ok) throw new Error(String(response.status));
      const blobUrl = URL.createObjectURL(await response.blob());
      entry.preview.replaceChildren(
        make('img', { testid: 'demo-thumbnail', alt: 'Photo ' + entry.label, src: blobUrl }),
      );
    } catch (_ignored) {
      entry.preview.replaceChildren(make('span', { class: 'no-preview', text: 'No preview' }));
    }
  }

  Object.assign(app, {
    startSession: startSession,
    refreshSession: refreshSession,
    renderExpiry: renderExpiry,
    renderFile: renderFile,
    pollSession: poll,
  });
})();
