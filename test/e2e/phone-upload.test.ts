import type { Page } from 'playwright-core';
import { corpusPath, describeWithCorpus } from '../helpers/photo-corpus';
import { imagesDrawn, screenshot, tid, waitForCount, waitUntil } from './support/browser';
import { phoneSession } from './support/browser-session';
import {
  FACILITY,
  PATIENT,
  PRACTITIONER,
  callApi,
  initiateSession,
  sessionFiles,
  startE2eGateway,
} from './support/gateway';
import { generatedPhoto } from './support/photos';

/**
 * The phone page (/mobile) in a phone-sized Chromium against the whole gateway in live mode and
 * an ALEX emulator: the QR link, uploads through the file chooser, the replaced-link message
 * and Retry after a failed upload. Screenshots go to test-output/e2e/.
 */
jest.setTimeout(60_000);

const UPLOADS = '**/attachments/uploads/**';

const { server: gateway, openLink } = phoneSession(startE2eGateway);

/** "status (error)" of each row, for failure messages. */
async function rowStates(page: Page): Promise<string> {
  const rows = await page.locator(tid('file-item')).all();
  const states = await Promise.all(
    rows.map(async (row) => {
      const error = row.locator(tid('file-error'));
      const text = (await error.count()) > 0 ? ` (${await error.textContent()})` : '';
      return `${await row.getAttribute('data-status')}${text}`;
    }),
  );
  return `[${states.join(', ')}]`;
}

function rowsWithStatus(page: Page, status: string) {
  return page.locator(`${tid('file-item')}[data-status=${status}]`);
}

describeWithCorpus('phone page: a fresh QR link', () => {
  const photos = ['jolla.jpg', 'iphone_13_pro_max.HEIC', 'orientation/Landscape_6.jpg'].map(corpusPath);

  it('when the phone opens the link and uploads a JPEG, an iPhone HEIC and a rotated photo, then the token leaves the address bar, all three are received, and a commit creates three Media', async () => {
    const session = await initiateSession(gateway().url, 'enc-e2e-fresh');
    expect(session.mobileUploadUrl.startsWith(`${gateway().url}/mobile?t=`)).toBe(true);

    const page = await openLink(session.mobileUploadUrl);

    expect(page.url()).toBe(`${gateway().url}/mobile`);
    expect(page.url()).not.toContain('t=');
    await expect(page.locator(tid('patient-name')).textContent()).resolves.toBe(PATIENT.name);
    await expect(page.locator(tid('patient-nhi')).textContent()).resolves.toBe(PATIENT.nhi);
    const countdown = page.locator(tid('countdown'));
    expect(await countdown.textContent()).toMatch(/^(10|9):\d\d$/);
    expect(Number(await countdown.getAttribute('data-seconds-left'))).toBeGreaterThan(550);
    await expect(page.locator(tid('choose-photos')).isEnabled()).resolves.toBe(true);
    await screenshot(page, 'phone-empty');

    // Hold the uploads at the network layer so the in-progress state can be seen and photographed.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route(UPLOADS, async (route) => {
      held += 1;
      await released;
      await route.continue();
    });
    await page.setInputFiles(tid('choose-photos'), photos);
    await waitForCount(page.locator(tid('file-item')), 3);
    await waitForCount(rowsWithStatus(page, 'uploading'), 2, { describe: () => rowStates(page) });
    // Two at a time (phone uplinks are narrow): the third waits for a free slot.
    await waitUntil(() => held === 2, 'two uploads reach the network');
    await waitForCount(rowsWithStatus(page, 'waiting'), 1, { describe: () => rowStates(page) });
    await waitForCount(page.locator(tid('upload-progress')), 3);
    await screenshot(page, 'phone-uploading');
    release();

    await waitForCount(rowsWithStatus(page, 'done'), 3, {
      timeoutMs: 45_000,
      describe: () => rowStates(page),
    });
    await page.unroute(UPLOADS);
    expect(held).toBe(3);
    await expect(page.locator(tid('upload-summary')).textContent()).resolves.toBe(
      'All photos received. You can go back to the computer.',
    );
    await waitForCount(page.locator(tid('file-thumbnail')), 3);
    await waitForCount(page.locator(tid('upload-progress')), 0);
    await waitForCount(page.locator(tid('file-error')), 0);
    // Chromium cannot draw HEIC: its tile shows the gateway's JPEG thumbnail instead of a blank.
    await waitUntil(() => imagesDrawn(page.locator(tid('file-thumbnail'))), 'all three thumbnails are drawn');
    await screenshot(page, 'phone-done');

    const rows = await page.locator(tid('file-item')).all();
    const rowIds = await Promise.all(rows.map((row) => row.getAttribute('data-file-id')));
    const rowRefs = await Promise.all(rows.map((row) => row.getAttribute('data-client-ref')));
    const files = await sessionFiles(gateway().url, session.sessionId);
    expect(files.map((f) => f.status)).toEqual(['ready', 'ready', 'ready']);
    expect(new Set(files.map((f) => f.fileId))).toEqual(new Set(rowIds));
    // EXIF orientation 6 stores the landscape picture on its side; the gateway stands it up.
    const rotated = files.find((f) => f.clientRef === rowRefs[2]);
    expect(rotated && rotated.width > rotated.height).toBe(true);

    const committed = await callApi(gateway().url, 'POST', '/attachments/commit', {
      encounterId: 'enc-e2e-fresh',
      patientId: PATIENT.id,
      facilityId: FACILITY,
      providerId: PRACTITIONER,
      files: files.map((f, i) => ({ fileId: f.fileId, meta: { title: `Phone photo ${i + 1}` } })),
    });

    expect(committed.status).toBe(200);
    const mediaIds = committed.body.files.map((f: { status: string; mediaId: string }) => {
      expect(f.status).toBe('committed');
      return f.mediaId;
    });
    const media = gateway().harness.emulator.state.createdResources('Media');
    expect(media.map((m) => m.id).sort()).toEqual([...mediaIds].sort());
    for (const m of media) {
      expect(m).toMatchObject({
        resourceType: 'Media',
        subject: { reference: `Patient/${PATIENT.id}` },
        content: { contentType: 'image/jpeg' },
      });
    }
  });
});

describe('phone page: errors', () => {
  it('when a newer QR code replaces the link, then the page ends with the replaced message at once, without waiting for an upload', async () => {
    const first = await initiateSession(gateway().url, 'enc-e2e-replaced');
    const page = await openLink(first.mobileUploadUrl);
    // The live status stream tells the page (issue 14); no photo needs to be picked first.
    await initiateSession(gateway().url, 'enc-e2e-replaced');

    const fatal = page.locator(tid('fatal-message'));
    await fatal.waitFor({ timeout: 10_000 });
    await expect(fatal.getAttribute('data-code')).resolves.toBe('SESSION_REVOKED');
    await expect(fatal.textContent()).resolves.toMatch(/replaced by a newer QR code/);
    await expect(page.locator('main#main').getAttribute('data-state')).resolves.toBe('fatal');
    await expect(page.locator(tid('choose-photos')).isVisible()).resolves.toBe(false);
    await expect(page.locator(tid('countdown')).isVisible()).resolves.toBe(false);
    await waitForCount(page.locator(tid('retry')), 0);
    await screenshot(page, 'phone-replaced');
  });

  it('when an upload loses its connection, then the row shows the error and Retry, and Retry sends it to the same slot', async () => {
    const session = await initiateSession(gateway().url, 'enc-e2e-retry');
    const page = await openLink(session.mobileUploadUrl);
    await page.route(UPLOADS, (route) => route.abort('internetdisconnected'), { times: 1 });

    await page.setInputFiles(tid('choose-photos'), await generatedPhoto(2));

    await waitForCount(rowsWithStatus(page, 'failed'), 1, { describe: () => rowStates(page) });
    const row = page.locator(tid('file-item'));
    await expect(row.locator(tid('file-error')).textContent()).resolves.toMatch(/Connection lost/);
    await expect(page.locator(tid('upload-summary')).textContent()).resolves.toBe(
      '0 of 1 photo received, 1 failed',
    );
    const fileId = await row.getAttribute('data-file-id');
    expect(fileId).toBeTruthy();
    await screenshot(page, 'phone-failed');

    await row.locator(tid('retry')).click();

    await waitForCount(rowsWithStatus(page, 'done'), 1, { describe: () => rowStates(page) });
    await expect(row.getAttribute('data-file-id')).resolves.toBe(fileId);
    await waitForCount(page.locator(tid('file-error')), 0);
    await waitForCount(page.locator(tid('retry')), 0);
    const files = await sessionFiles(gateway().url, session.sessionId);
    expect(files.map((f) => [f.fileId, f.status])).toEqual([[fileId, 'ready']]);
  });

  it('when the gateway answers an upload with an error, then the row shows the gateway message, and Retry succeeds', async () => {
    const session = await initiateSession(gateway().url, 'enc-e2e-retry-503');
    const page = await openLink(session.mobileUploadUrl);
    const message = 'Medtech is busy right now. Try again in a minute.';
    await page.route(
      UPLOADS,
      (route) =>
        route.fulfill({
          status: 503,
          headers: { 'content-type': 'application/json', 'retry-after': '1' },
          body: JSON.stringify({
            error: {
              code: 'ALEX_BUSY',
              message,
              correlationId: 'c0ffee00-0000-4000-8000-000000000000',
              retryable: true,
              details: [],
            },
          }),
        }),
      { times: 1 },
    );

    await page.setInputFiles(tid('choose-photos'), await generatedPhoto(3));

    await waitForCount(rowsWithStatus(page, 'failed'), 1, { describe: () => rowStates(page) });
    await expect(page.locator(tid('file-error')).textContent()).resolves.toBe(message);
    await expect(page.locator('main#main').getAttribute('data-state')).resolves.toBe('ready');

    await page.locator(tid('retry')).click();

    await waitForCount(rowsWithStatus(page, 'done'), 1, { describe: () => rowStates(page) });
    const files = await sessionFiles(gateway().url, session.sessionId);
    expect(files.map((f) => f.status)).toEqual(['ready']);
  });
});
