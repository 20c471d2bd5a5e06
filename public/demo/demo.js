/*
 * ClinicPro gateway demo (/demo, never in production): plays the desktop widget against this
 * gateway with an API key typed into the page. Classic script, loaded last: it wires the parts below.
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
 *   [data-testid=commit-summary]          top of the page after a commit (data-tone = ok | partial | error):
 *                                         [data-testid=commit-summary-text], button[data-testid=new-session]
 *   [data-testid=capabilities-details]    <details> (closed) holding [data-testid=capabilities]
 *   [data-testid=localhost-warning]       shown when the phone link points at this computer
 *   [data-testid=session-placeholder]     section 3 before a session exists
 *   provider-id, inbox-recipient, task-assignee are <select>s of practitioner names (values = ids) when
 *   config.json lists practitioners (emulator mode), else text inputs for ids
 *   demo-file: label from the file view's `position` (A = 1), class is-committed once saved
 *
 * The page is classic scripts sharing `window.ClinicProDemo`, loaded in this order (defer):
 *   demo-core.js      pure helpers (`window.DemoCore`), tested apart in jest
 *   demo-checks.js    more pure helpers (`window.DemoChecks`): localhost link, labels, commit summary
 *   demo-base.js      the namespace and state, DOM helpers, the gateway call, the error banner
 *   demo-people.js    practitioners picked by name
 *   demo-summary.js   the commit summary at the top with "New session", the localhost warning
 *   demo-pickers.js   config.json pickers and the capabilities' chips
 *   demo-session.js   the phone session: QR code, polling, file cards and thumbnails
 *   demo-metadata.js  each ready file's metadata form and the Commit button's count
 *   demo-commit.js    the commit and its result
 *   demo-events.js    live status: the session's event stream (polling only as its fallback)
 *   demo.js           this file: wires the buttons and starts the page
 */
(function () {
  'use strict';
  const app = window.ClinicProDemo;
  const { el, state, guarded } = app;

  el('load-capabilities').addEventListener('click', () => guarded(app.loadCapabilities));
  el('start-session').addEventListener('click', () => guarded(app.startSession));
  el('commit').addEventListener('click', () => guarded(app.commit));
  el('patient-select').addEventListener('change', app.onPatientPicked);
  setInterval(() => state.session && state.session.expiresAt && app.renderExpiry(), 1000);
  app.loadConfig();
})();
