/*
 * ClinicPro gateway demo (/demo, never in production): plays the desktop widget against this
 * gateway with an API key typed into the page. Classic script, needs demo-core.js first.
 *
 * DOM contract (browser tests rely on it; keep it exact):
 *   input[data-testid=api-key]            prefilled from /demo/config.json apiKeyHint when offered
 *   button[data-testid=load-capabilities] GET capabilities; fills [data-testid=capabilities] with
 *                                         [data-testid=chip] (data-group, data-code)
 *   select[data-testid=facility-select], select[data-testid=patient-select] (value = index into
 *   config.patients), input[data-testid=patient-id], input[data-testid=encounter-id] ('enc-demo-1'),
 *   input[data-testid=provider-id]
 *   button[data-testid=start-session]     POST mobile/initiate, then polls the session every 2 s
 *   img[data-testid=qr-image], a[data-testid=mobile-link] (target=_blank),
 *   [data-testid=session-state] (created|opened|uploading|expired|revoked), [data-testid=session-expires]
 *   [data-testid=demo-file]               one per session file; data-status = awaiting_upload |
 *                                         processing | ready | failed | committed; data-file-id
 *     img[data-testid=demo-thumbnail]     once ready (fetched with the key, shown from a blob: URL)
 *     [data-testid=demo-file-error]       the file's error message when failed
 *     once ready: input[data-testid=file-include] (checked), meta-title, meta-label,
 *     select meta-body-site | meta-laterality | meta-view | meta-type (values = codes, '' = none),
 *     input[data-testid=also-inbox] + inbox-recipient, inbox-note,
 *     input[data-testid=also-task] + task-assignee, task-due (date), task-note
 *   button[data-testid=commit]            POST attachments/commit for included ready files
 *   [data-testid=commit-result]           data-http-status; per file [data-testid=commit-file]
 *                                         (data-file-id, data-status = committed | error) holding
 *                                         [data-testid=media-id], [data-testid=inbox-message-id],
 *                                         [data-testid=task-id], [data-testid=commit-error-code]
 *   [data-testid=demo-error]              role=alert banner for the last failed call (code, message)
 */
(function () {
  'use strict';
  const core = window.DemoCore;
  const API = '/api/integrations/medtech';
  const POLL_MS = 2000;

  const el = (id) => document.getElementById(id);
  const state = {
    config: { facilities: [], patients: [], practitioners: [] },
    capabilities: null,
    session: null,
    files: new Map(),
    pollTimer: null,
    generation: 0,
    offsetMs: 0,
  };

  // ---- helpers --------------------------------------------------------------------------------

  function make(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === 'text') node.textContent = value;
      else if (key === 'testid') node.setAttribute('data-testid', value);
      else if (key in node && typeof value !== 'string') node[key] = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  /** replaceChildren that skips absent (null) children instead of printing "null". */
  function fill(node, children) {
    node.replaceChildren(...children.filter(Boolean));
  }

  function showError(error) {
    const banner = el('demo-error');
    if (!error) {
      banner.hidden = true;
      banner.replaceChildren();
      return;
    }
    const details = (error.details || []).map((d) =>
      make('li', { text: (d.path || '') + ' ' + (d.problem || d.code || '') }),
    );
    fill(banner, [
      make('strong', { text: error.code }),
      document.createTextNode(
        ' ' + error.message + (error.correlationId ? ' (correlation ' + error.correlationId + ')' : ''),
      ),
      details.length ? make('ul', {}, details) : null,
    ]);
    banner.hidden = false;
  }

  /** Calls the gateway with the typed key: `{ status, ok, body, date }`; a network failure throws. */
  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + el('api-key').value.trim() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch (_ignored) {
      parsed = null;
    }
    return { status: response.status, ok: response.ok, body: parsed, date: response.headers.get('Date') };
  }

  async function guarded(action) {
    try {
      showError(null);
      await action();
    } catch (thrown) {
      showError({ code: 'NETWORK_ERROR', message: String((thrown && thrown.message) || thrown) });
    }
  }

  // ---- config, capabilities, patient ----------------------------------------------------------

  async function loadConfig() {
    try {
      const response = await fetch('/demo/config.json', { cache: 'no-store' });
      if (response.ok) state.config = Object.assign(state.config, await response.json());
    } catch (_ignored) {
      // The page still works with a typed key and typed ids.
    }
    if (state.config.apiKeyHint && !el('api-key').value) el('api-key').value = state.config.apiKeyHint;
    const facilities = new Set(state.config.facilities || []);
    for (const p of state.config.patients || []) facilities.add(p.facilityId);
    el('facility-select').replaceChildren(
      ...[...facilities].map((f) => make('option', { value: f, text: f })),
    );
    el('patient-select').replaceChildren(
      make('option', { value: '', text: '(type a patient id)' }),
      ...(state.config.patients || []).map((p, i) =>
        make('option', { value: String(i), text: p.name + ' · ' + p.nhi + ' · ' + p.facilityId }),
      ),
    );
    el('practitioners').replaceChildren(
      ...(state.config.practitioners || []).map((p) => make('option', { value: p.id, text: p.name })),
    );
    const first = (state.config.practitioners || [])[0];
    if (first && !el('provider-id').value) el('provider-id').value = first.id;
    if ((state.config.patients || []).length > 0) {
      el('patient-select').value = '0';
      onPatientPicked();
    }
  }

  function onPatientPicked() {
    const patient = selectedPatient();
    if (!patient) return;
    el('patient-id').value = patient.patientId;
    el('facility-select').value = patient.facilityId;
  }

  function selectedPatient() {
    const index = el('patient-select').value;
    return index === '' ? null : state.config.patients[Number(index)] || null;
  }

  async function loadCapabilities() {
    const result = await api('GET', '/capabilities');
    if (!result.ok) {
      showError(core.readError(result.status, result.body));
      return false;
    }
    state.capabilities = result.body;
    renderCapabilities();
    return true;
  }

  function renderCapabilities() {
    const caps = state.capabilities;
    const chips = core.chipsOf(caps);
    const groups = [
      ['laterality', 'Laterality'],
      ['bodySitesCommon', 'Body sites'],
      ['views', 'Views'],
      ['types', 'Image types'],
    ].map(([key, title]) =>
      make('div', { class: 'chip-group' }, [
        make('h3', { text: title }),
        make(
          'ul',
          { class: 'chips' },
          chips[key].map((c) =>
            make(
              'li',
              {
                class: 'chip',
                testid: 'chip',
                'data-group': key,
                'data-code': c.code,
                title: c.system + '|' + c.code,
              },
              [document.createTextNode(c.display + ' '), make('small', { text: c.code })],
            ),
          ),
        ),
      ]),
    );
    const provider = (caps && caps.provider) || {};
    const box = el('capabilities');
    box.replaceChildren(
      make('p', { text: 'Provider ' + (provider.name || '?') + ' · ' + (provider.environment || '?') }),
      ...groups,
    );
    box.hidden = false;
  }

  // ---- phone session --------------------------------------------------------------------------

  async function startSession() {
    if (!state.capabilities && !(await loadCapabilities())) return;
    const patient = selectedPatient();
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
    state.session = Object.assign(context, result.body);
    state.offsetMs = offsetFrom(result.date);
    state.files.clear();
    el('demo-files').replaceChildren();
    el('commit-result').hidden = true;
    el('qr-image').src = result.body.qrSvg;
    el('mobile-link').href = result.body.mobileUploadUrl;
    el('session-id').textContent = result.body.sessionId;
    el('session-state').textContent = 'created';
    el('session-card').hidden = false;
    renderCommitButton();
    poll(state.generation);
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
    renderCommitButton();
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
      entry = { data: file, label: core.defaultLabel(index), card: null, form: null, thumb: false };
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
    if (file.status === 'ready' && !entry.form) entry.form = buildForm(entry);
    if (entry.form) entry.form.fieldset.disabled = file.status !== 'ready';
    if (entry.form && file.status === 'committed') entry.form.include.checked = false;
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

  function select(testid, list, placeholder) {
    return make('select', { testid }, [
      make('option', { value: '', text: placeholder }),
      ...list.map((c) => make('option', { value: c.code, text: c.display })),
    ]);
  }

  function field(labelText, control) {
    return make('label', { class: 'field' }, [make('span', { text: labelText }), control]);
  }

  function buildForm(entry) {
    const chips = core.chipsOf(state.capabilities);
    const f = {
      include: make('input', { type: 'checkbox', testid: 'file-include', checked: true }),
      title: make('input', { type: 'text', testid: 'meta-title', value: 'Clinical photo ' + entry.label }),
      label: make('input', { type: 'text', testid: 'meta-label', value: entry.label }),
      bodySite: select('meta-body-site', chips.bodySitesCommon, '(no body site)'),
      laterality: select('meta-laterality', chips.laterality, '(no laterality)'),
      view: select('meta-view', chips.views, '(no view)'),
      type: select('meta-type', chips.types, '(no type)'),
      inbox: make('input', { type: 'checkbox', testid: 'also-inbox' }),
      inboxRecipient: make('input', { type: 'text', testid: 'inbox-recipient', list: 'practitioners' }),
      inboxNote: make('input', { type: 'text', testid: 'inbox-note', value: 'Please review' }),
      task: make('input', { type: 'checkbox', testid: 'also-task' }),
      taskAssignee: make('input', { type: 'text', testid: 'task-assignee', list: 'practitioners' }),
      taskDue: make('input', { type: 'date', testid: 'task-due' }),
      taskNote: make('input', { type: 'text', testid: 'task-note', value: 'Follow up' }),
    };
    const inboxBox = make('div', { class: 'sub', hidden: true }, [
      field('Recipient practitioner id', f.inboxRecipient),
      field('Note', f.inboxNote),
    ]);
    const taskBox = make('div', { class: 'sub', hidden: true }, [
      field('Assignee practitioner id', f.taskAssignee),
      field('Due', f.taskDue),
      field('Note', f.taskNote),
    ]);
    f.inbox.addEventListener('change', () => (inboxBox.hidden = !f.inbox.checked));
    f.task.addEventListener('change', () => (taskBox.hidden = !f.task.checked));
    f.include.addEventListener('change', renderCommitButton);
    f.fieldset = make('fieldset', { class: 'meta' }, [
      make('legend', { text: 'Metadata for photo ' + entry.label }),
      make('label', { class: 'check' }, [f.include, document.createTextNode(' Include in commit')]),
      make('div', { class: 'grid' }, [
        field('Title', f.title),
        field('Label', f.label),
        field('Body site', f.bodySite),
        field('Laterality', f.laterality),
        field('View', f.view),
        field('Type', f.type),
      ]),
      make('label', { class: 'check' }, [f.inbox, document.createTextNode(' Also send to inbox')]),
      inboxBox,
      make('label', { class: 'check' }, [f.task, document.createTextNode(' Also create a task')]),
      taskBox,
    ]);
    entry.details.append(f.fieldset);
    return f;
  }

  function formValues(f) {
    return {
      title: f.title.value,
      label: f.label.value,
      bodySite: f.bodySite.value,
      laterality: f.laterality.value,
      view: f.view.value,
      type: f.type.value,
      inbox: { enabled: f.inbox.checked, recipientId: f.inboxRecipient.value, note: f.inboxNote.value },
      task: {
        enabled: f.task.checked,
        assigneeId: f.taskAssignee.value,
        due: f.taskDue.value,
        note: f.taskNote.value,
      },
    };
  }

  function includedFiles() {
    return [...state.files.values()].filter(
      (e) => e.form && e.data.status === 'ready' && e.form.include.checked,
    );
  }

  function renderCommitButton() {
    const count = includedFiles().length;
    el('commit').disabled = count === 0;
    el('commit').textContent =
      count === 0 ? 'Commit' : 'Commit ' + count + (count === 1 ? ' photo' : ' photos');
  }

  // ---- commit ---------------------------------------------------------------------------------

  async function commit() {
    const entries = includedFiles();
    if (entries.length === 0) return;
    const s = state.session;
    const context = {
      encounterId: s.encounterId,
      patientId: s.patientId,
      facilityId: s.facilityId,
      providerId: el('provider-id').value,
    };
    const files = entries.map((e) => ({
      fileId: e.data.fileId,
      sha256: e.data.sha256,
      form: formValues(e.form),
    }));
    const body = core.buildCommitBody(context, files, state.capabilities);
    el('commit').disabled = true;
    try {
      const result = await api('POST', '/attachments/commit', body);
      renderCommitResult(result);
      if (!result.ok) showError(core.readError(result.status, result.body));
    } finally {
      renderCommitButton();
    }
    await refreshSession().catch(() => undefined);
  }

  function renderCommitResult(result) {
    const box = el('commit-result');
    box.dataset.httpStatus = String(result.status);
    const labelOf = (fileId) => (state.files.get(fileId) ? 'Photo ' + state.files.get(fileId).label : fileId);
    const header = make('p', {
      text:
        'HTTP ' +
        result.status +
        (result.body && result.body.correlationId ? ' · correlation ' + result.body.correlationId : ''),
    });
    const items = ((result.body && result.body.files) || []).map((f) => {
      const parts = [make('strong', { text: labelOf(f.fileId) + ': ' + f.status })];
      if (f.status === 'committed') {
        parts.push(
          document.createTextNode(' · Media '),
          make('code', { testid: 'media-id', text: f.mediaId || '' }),
        );
        if (f.inboxMessageId)
          parts.push(
            document.createTextNode(' · inbox '),
            make('code', { testid: 'inbox-message-id', text: f.inboxMessageId }),
          );
        if (f.taskId)
          parts.push(
            document.createTextNode(' · task '),
            make('code', { testid: 'task-id', text: f.taskId }),
          );
        if (f.replayed) parts.push(document.createTextNode(' · replayed'));
        for (const w of f.warnings || [])
          parts.push(
            make('div', { class: 'warning', text: 'Warning: ' + (w.message || w.code || JSON.stringify(w)) }),
          );
      } else if (f.error) {
        parts.push(
          document.createTextNode(' · '),
          make('code', { testid: 'commit-error-code', text: f.error.code }),
          document.createTextNode(' ' + f.error.message + (f.error.retryable ? ' (retryable)' : '')),
        );
      }
      return make('li', { testid: 'commit-file', 'data-file-id': f.fileId, 'data-status': f.status }, parts);
    });
    const envelope = result.ok ? null : result.body && result.body.error;
    fill(box, [
      make('h2', { text: 'Commit result' }),
      header,
      items.length ? make('ul', { class: 'results' }, items) : null,
      envelope
        ? make('p', { class: 'file-error' }, [
            make('code', { testid: 'commit-error-code', text: envelope.code }),
            document.createTextNode(' ' + envelope.message),
          ])
        : null,
    ]);
    box.hidden = false;
  }

  // ---- start ----------------------------------------------------------------------------------

  el('load-capabilities').addEventListener('click', () => guarded(loadCapabilities));
  el('start-session').addEventListener('click', () => guarded(startSession));
  el('commit').addEventListener('click', () => guarded(commit));
  el('patient-select').addEventListener('change', onPatientPicked);
  setInterval(() => state.session && state.session.expiresAt && renderExpiry(), 1000);
  loadConfig();
})();
