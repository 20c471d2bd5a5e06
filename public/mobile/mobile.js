/*
 * ClinicPro phone upload page (/mobile?t=<token>). Classic script, loaded last: it wires the parts below.
 *
 * DOM contract (browser tests rely on it; keep it exact):
 *   main#main[data-state]              loading | ready | fatal
 *   [data-testid=patient-name]         patient name (empty, its block hidden, when patientDisplay is absent)
 *   [data-testid=patient-nhi]          patient NHI (same)
 *   [data-testid=countdown]            "m:ss" left on the server's clock; data-seconds-left = whole seconds
 *   input[data-testid=take-photo]      type=file, accept=image/*, capture=environment (disabled until ready)
 *   input[data-testid=choose-photos]   type=file, multiple (disabled until ready)
 *   [data-testid=file-item]            one per chosen file, in order; data-status = waiting | uploading |
 *                                      processing | done | failed; data-client-ref; data-file-id once known
 *     [data-testid=upload-progress]    <progress max=100> while waiting/uploading/processing, then removed
 *                                      data-failure = refused | retry when failed; data-label = A, B... (the
 *                                      position the gateway gave it, the desktop's label too)
 *     [data-testid=file-label]         "Photo B" ("Photo" until the gateway has placed it)
 *     [data-testid=file-name]          the file's own name
 *     [data-testid=file-size]          "1.9 MB on this phone" (+ ", saved as 612 KB" once done)
 *     [data-testid=file-state]         Waiting… | Uploading n% | Processing… | Received · w×h | Refused | Not sent
 *     [data-testid=file-error]         only when failed: the reason for a refusal (from the error code),
 *                                      else the gateway's message or "Connection lost..."
 *     button[data-testid=remove]       only when refused: takes the photo off the list and the gateway
 *     button[data-testid=retry]        only when failed but not refused, and the page is not fatal
 *     [data-testid=file-thumbnail]     <img> once done
 *   [data-testid=upload-summary]       "2 of 3 photos received" (empty before the first file);
 *                                      "All photos received. You can go back to the computer." when all are
 *   [data-testid=fatal-message]        created only on a page-ending error; data-code = the error code:
 *                                      SESSION_EXPIRED (410 or countdown at zero), SESSION_REVOKED,
 *                                      UNAUTHENTICATED (401 or no ?t=), SESSION_NOT_FOUND, or for a session
 *                                      load that failed otherwise its code / NETWORK_ERROR with a
 *                                      button[data-testid=fatal-retry]
 *   #status (role=status, aria-live)   spoken progress messages
 *
 *
 * The page is four classic scripts sharing `window.ClinicProMobile`, loaded in this order (defer):
 *   mobile-core.js     pure helpers (`window.MobileCore`), tested apart in jest
 *   mobile-session.js  the namespace, the token, session load, countdown, page-ending messages
 *   mobile-render.js   the file rows and the summary line
 *   mobile-upload.js   the upload queue: slots, XHR with progress, Retry
 *   mobile-events.js   live status: the event stream, "Saved to Medtech", revocation
 *   mobile.js          this file: reads the token and starts the page
 *
 * The token lives only in mobile-session.js's closure: it is removed from the address bar at once
 * and never stored.
 */
(function () {
  'use strict';
  const core = window.MobileCore;
  const app = window.ClinicProMobile;

  const { token, cleanUrl } = core.readToken(window.location.href);
  // Out of the address bar before anything else runs: no history entry, no bookmark, no referrer.
  window.history.replaceState(null, '', cleanUrl);
  app.inputs.forEach((input) => input.addEventListener('change', app.onFilesChosen));
  document.addEventListener('visibilitychange', () => {
    // Timers sleep with the phone; recount from the clock as soon as the page is visible again.
    if (document.visibilityState === 'visible' && app.main.dataset.state === 'ready') app.tick();
  });
  if (!token) {
    app.showFatal('UNAUTHENTICATED', core.fatalFor('UNAUTHENTICATED'));
  } else {
    app.begin(token);
  }
})();
