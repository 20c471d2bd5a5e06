import { DESKTOP, PHONE, screenshot, tid } from './support/browser';
import { FACILITY, PATIENT, PRACTITIONER, TEST_API_KEY, callApi, startE2eGateway } from './support/gateway';
import { generatedPhoto } from './support/photos';
import { browserSession } from './support/browser-session';

/**
 * Live status in Chromium over the real event stream: the demo (the desktop) sees a phone's
 * photo appear without reloading or polling, and the phone sees "Saved to Medtech" once the
 * desktop commits it.
 */
jest.setTimeout(60_000);

const session = browserSession(startE2eGateway);
const { openPage, problems } = session;

describe('live status in the browser', () => {
  it('when the phone uploads, then the demo shows the photo from its event stream, and after a commit the phone shows "Saved to Medtech"', async () => {
    const desk = await openPage(DESKTOP, `${session.server().url}/demo`);
    const polls: string[] = [];
    const streams: string[] = [];
    desk.on('request', (req) => {
      const path = new URL(req.url()).pathname;
      if (/\/mobile\/sessions\/[^/]+$/.test(path)) polls.push(path);
      if (path.endsWith('/events')) streams.push(req.url());
    });
    await desk.locator(tid('api-key')).fill(TEST_API_KEY);
    await desk.locator(tid('load-capabilities')).click();
    await desk.locator(tid('chip')).first().waitFor({ state: 'attached', timeout: 5_000 });
    await desk.locator(tid('facility-select')).selectOption(FACILITY);
    await desk.locator(tid('patient-id')).fill(PATIENT.id);
    await desk.locator(tid('encounter-id')).fill('enc-e2e-live');
    await desk.locator(tid('provider-id')).fill(PRACTITIONER);
    await desk.locator(tid('start-session')).click();
    await desk.locator('#session-card[data-live=live]').waitFor({ timeout: 5_000 });
    const href = (await desk.locator(tid('mobile-link')).getAttribute('href')) as string;

    const phone = await openPage(PHONE, href);
    await phone.locator('main#main[data-state=ready]').waitFor({ timeout: 10_000 });
    await expect(desk.locator(tid('session-state')).textContent()).resolves.toBe('opened');
    await phone.setInputFiles(tid('choose-photos'), await generatedPhoto(7));
    const card = desk.locator(`${tid('demo-file')}[data-status=ready]`);
    await card.waitFor({ timeout: 20_000 });
    await card.locator(tid('demo-thumbnail')).waitFor({ timeout: 5_000 });
    await screenshot(desk, 'live-status-desktop-photo-arrived');

    // Arrived through the stream: the page never polled the session view, and never reloaded.
    expect(polls).toEqual([]);
    expect(streams.length).toBeGreaterThanOrEqual(1);
    expect(streams[0]).toContain('dt=');
    const fileId = (await card.getAttribute('data-file-id')) as string;
    const sessionId = (await desk.locator('#session-id').textContent()) as string;

    const committed = await callApi(session.server().url, 'POST', '/attachments/commit', {
      encounterId: 'enc-e2e-live',
      patientId: PATIENT.id,
      facilityId: FACILITY,
      providerId: PRACTITIONER,
      files: [{ fileId, meta: { title: 'Live status photo' } }],
    });
    expect(committed.status).toBe(200);

    await phone.locator(`${tid('file-item')}[data-file-id="${fileId}"] ${tid('saved-to-medtech')}`).waitFor({
      timeout: 10_000,
    });
    await expect(phone.locator(tid('saved-to-medtech')).textContent()).resolves.toBe('Saved to Medtech');
    await desk.locator(`${tid('demo-file')}[data-status=committed]`).waitFor({ timeout: 10_000 });
    await screenshot(phone, 'live-status-phone-saved-to-medtech');
    await screenshot(desk, 'live-status-desktop-committed');
    expect(sessionId).toMatch(/\S/);
    for (const seen of problems) expect(seen).toEqual({ errors: [], cspViolations: [] });
  });
});
