/*
 * Pure helpers of the demo page (no DOM, no network), loaded before demo.js as `window.DemoCore`
 * and run by jest in a plain `vm` context (test/unit/pages/demo-core.test.ts). The commit body
 * built here is the one GATEWAY-API.md fixes, so it is tested apart from the page.
 */
(function (root) {
  'use strict';

  /** Which capabilities dictionary feeds which meta field. */
  const DICTIONARIES = {
    bodySite: 'bodySitesCommon',
    laterality: 'laterality',
    view: 'views',
    type: 'types',
  };

  /** The capabilities' quick-chip dictionaries, empty lists when absent. */
  function chipsOf(capabilities) {
    const chips =
      (capabilities &&
        capabilities.features &&
        capabilities.features.images &&
        capabilities.features.images.quickChips) ||
      {};
    return {
      laterality: chips.laterality || [],
      bodySitesCommon: chips.bodySitesCommon || [],
      views: chips.views || [],
      types: chips.types || [],
    };
  }

  /** The Coding `{system, code, display}` with `code` from a dictionary, or undefined. */
  function codingFor(list, code) {
    if (!code) return undefined;
    const found = (list || []).find((coding) => coding.code === code);
    return found ? { system: found.system, code: found.code, display: found.display } : undefined;
  }

  /** Stable per file and encounter, so a retried commit is recognised as the same one. */
  function idempotencyKey(encounterId, file) {
    return file.sha256 ? encounterId + ':sha256:' + file.sha256 : encounterId + ':file:' + file.fileId;
  }

  function trimmed(value) {
    return typeof value === 'string' ? value.trim() : '';
  }

  function buildMeta(form, chips) {
    const meta = {};
    if (trimmed(form.title)) meta.title = trimmed(form.title);
    if (trimmed(form.label)) meta.label = trimmed(form.label);
    for (const field of Object.keys(DICTIONARIES)) {
      const coding = codingFor(chips[DICTIONARIES[field]], form[field]);
      if (coding) meta[field] = coding;
    }
    return meta;
  }

  /**
   * The commit request of GATEWAY-API.md from the page's state: `context` holds encounterId,
   * patientId, facilityId and providerId; each entry of `files` holds fileId, sha256 and `form`
   * (title, label, bodySite/laterality/view/type as codes, inbox {enabled, recipientId, note},
   * task {enabled, assigneeId, due, note}). Empty optional fields are left out.
   */
  function buildCommitBody(context, files, capabilities) {
    const chips = chipsOf(capabilities);
    const body = {
      encounterId: trimmed(context.encounterId),
      patientId: trimmed(context.patientId),
      facilityId: trimmed(context.facilityId),
    };
    if (trimmed(context.providerId)) body.providerId = trimmed(context.providerId);
    body.files = files.map((file) => {
      const form = file.form || {};
      const entry = { fileId: file.fileId, meta: buildMeta(form, chips) };
      if (form.inbox && form.inbox.enabled) {
        entry.alsoInbox = { enabled: true, recipientId: trimmed(form.inbox.recipientId) };
        if (trimmed(form.inbox.note)) entry.alsoInbox.note = trimmed(form.inbox.note);
      }
      if (form.task && form.task.enabled) {
        entry.alsoTask = { enabled: true, assigneeId: trimmed(form.task.assigneeId) };
        if (trimmed(form.task.due)) entry.alsoTask.due = trimmed(form.task.due);
        if (trimmed(form.task.note)) entry.alsoTask.note = trimmed(form.task.note);
      }
      entry.idempotencyKey = idempotencyKey(body.encounterId, file);
      return entry;
    });
    return body;
  }

  /** The thumbnail path for a file, with the facility the content endpoint requires. */
  function thumbnailPath(file, facilityId) {
    const base =
      file.thumbnailUrl ||
      '/api/integrations/medtech/attachments/' +
        encodeURIComponent(file.fileId) +
        '/content?variant=thumbnail';
    const url = new URL(base, 'http://placeholder.invalid');
    if (!url.searchParams.has('facilityId')) url.searchParams.set('facilityId', facilityId);
    // Keep an absolute URL as given; a path stays a path (same origin as the page).
    return /^https?:\/\//i.test(base) ? url.toString() : url.pathname + url.search;
  }

  /** Session states after which nothing on the phone side will change any more. */
  function isFinalState(sessionState) {
    return sessionState === 'expired' || sessionState === 'revoked';
  }

  /** The gateway's error envelope from a body, or a stand-in naming the HTTP status. */
  function readError(status, body) {
    const error = body && body.error;
    if (error && typeof error.code === 'string') return error;
    return { code: 'HTTP_' + status, message: 'Unexpected answer (' + status + ').', details: [] };
  }

  root.DemoCore = Object.freeze({
    chipsOf: chipsOf,
    codingFor: codingFor,
    idempotencyKey: idempotencyKey,
    buildCommitBody: buildCommitBody,
    thumbnailPath: thumbnailPath,
    isFinalState: isFinalState,
    readError: readError,
  });
})(typeof window !== 'undefined' ? window : globalThis);
