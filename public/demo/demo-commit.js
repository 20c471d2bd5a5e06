/*
 * Demo page: the commit of the included ready files and the per-file result it shows.
 */
(function () {
  'use strict';
  const core = window.DemoCore;
  const app = window.ClinicProDemo;
  const { el, state, make, fill, api, showError } = app;

  async function commit() {
    const entries = app.includedFiles();
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
      form: app.formValues(e.form),
    }));
    const body = core.buildCommitBody(context, files, state.capabilities);
    body.target = el('write-target').value;
    el('commit').disabled = true;
    try {
      const result = await api('POST', '/attachments/commit', body);
      renderCommitResult(result);
      app.showCommitSummary(result.status, result.body);
      if (!result.ok) showError(core.readError(result.status, result.body));
    } finally {
      app.renderCommitButton();
    }
    await app.refreshSession().catch(() => undefined);
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
          make('code', { testid: 'media-id', text: f.mediaId || '—' }),
        );
        if (f.documentReferenceId)
          parts.push(
            document.createTextNode(' · Scan document '),
            make('code', { testid: 'document-reference-id', text: f.documentReferenceId }),
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
      } else if (f.status === 'queued') {
        parts.push(document.createTextNode(' · will be filed automatically (' + f.reason + ')'));
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
      make('h2', { text: 'Commit details' }),
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

  app.commit = commit;
})();
