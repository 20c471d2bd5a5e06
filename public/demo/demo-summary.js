/*
 * Demo page: the commit result as a summary at the top of the page, with a "New session" button,
 * and the warning when the phone link points at this computer. Needs demo-base.js and
 * demo-checks.js first.
 */
(function () {
  'use strict';
  const checks = window.DemoChecks;
  const app = window.ClinicProDemo;
  const { el, make, fill } = app;

  /** Fills [data-testid=commit-summary] at the top of the page and brings it into view. */
  function showCommitSummary(status, body) {
    const box = el('commit-summary');
    const summary = checks.commitSummary(status, body);
    box.dataset.tone = summary.tone;
    fill(box, [
      make('p', { class: 'summary-text', testid: 'commit-summary-text', text: summary.text }),
      make('button', { class: 'button', type: 'button', testid: 'new-session', text: 'New session' }),
    ]);
    box.querySelector('[data-testid=new-session]').addEventListener('click', () =>
      app.guarded(async () => {
        box.hidden = true;
        await app.startSession();
      }),
    );
    box.hidden = false;
    box.scrollIntoView({ block: 'start' });
  }

  /** Warns, naming the settings, when a phone could not open the QR code's link. */
  function renderReachability(mobileUploadUrl) {
    const warning = el('localhost-warning');
    const unreachable = checks.phoneCannotReach(mobileUploadUrl);
    warning.hidden = !unreachable;
    if (!unreachable) return;
    fill(warning, [
      make('strong', { text: 'A phone cannot open this link. ' }),
      document.createTextNode('It points at this computer (' + new URL(mobileUploadUrl).host + '). Set '),
      make('code', { text: 'MOBILE_UPLOAD_BASE_URL' }),
      document.createTextNode(
        ' to an address the phone can reach (e.g. http://192.168.1.20:3000/mobile on the same Wi-Fi, or the public URL), add that origin to ',
      ),
      make('code', { text: 'CORS_ORIGINS' }),
      document.createTextNode(', and restart the gateway. The link still works in a tab on this computer.'),
    ]);
  }

  Object.assign(app, { showCommitSummary: showCommitSummary, renderReachability: renderReachability });
})();
