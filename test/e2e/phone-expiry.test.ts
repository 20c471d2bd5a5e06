import { screenshot, tid, waitForCount, waitUntil } from './support/browser';
import { phoneSession } from './support/browser-session';
import { callApi, FACILITY, initiateSession, startE2eGateway } from './support/gateway';
import { generatedPhoto } from './support/photos';

/**
 * The phone page when its link runs out, on a gateway whose sessions live 4 seconds: once
 * because the countdown reaches zero, once because the gateway refuses an upload with 410.
 */
jest.setTimeout(60_000);

const TTL_SECONDS = 4;

const phone = phoneSession(() => startE2eGateway({ MOBILE_SESSION_TTL_SECONDS: String(TTL_SECONDS) }));
const { server: gateway, openPage, openLink } = phone;

async function sessionState(sessionId: string): Promise<string> {
  const answer = await callApi(gateway().url, 'GET', `/mobile/sessions/${sessionId}?facilityId=${FACILITY}`);
  return answer.body.state;
}

describe('phone page: an expired link', () => {
  it('when the countdown reaches zero, then the page ends with the expiry message and offers no pickers', async () => {
    const session = await initiateSession(gateway().url, 'enc-e2e-expiry');
    const page = await openPage(session.mobileUploadUrl);

    const fatal = page.locator(tid('fatal-message'));
    await fatal.waitFor({ timeout: (TTL_SECONDS + 5) * 1000 });
    await expect(fatal.getAttribute('data-code')).resolves.toBe('SESSION_EXPIRED');
    await expect(fatal.textContent()).resolves.toMatch(/This link has expired\. Scan a new QR code/);
    await expect(page.locator('main#main').getAttribute('data-state')).resolves.toBe('fatal');
    await expect(page.locator(tid('choose-photos')).isVisible()).resolves.toBe(false);
    await expect(page.locator(tid('choose-photos')).isDisabled()).resolves.toBe(true);
    await expect(page.locator(tid('countdown')).isVisible()).resolves.toBe(false);
    await waitForCount(page.locator(tid('fatal-retry')), 0);
    expect(page.url()).not.toContain('t=');
    // The page counts on the server's clock to within a second, so the gateway agrees at most a second later.
    await waitUntil(
      async () => (await sessionState(session.sessionId)) === 'expired',
      'the gateway says expired',
      2_000,
    );
    await screenshot(page, 'phone-expired');
  });

  it('when the phone clock lags and the gateway refuses the upload with 410, then the page ends with the expiry message', async () => {
    const session = await initiateSession(gateway().url, 'enc-e2e-expiry-410');
    const page = await openLink(session.mobileUploadUrl, 3_000);
    // Stop the page's clock so its countdown never reaches zero: only the gateway can end the link.
    await page.clock.setFixedTime(new Date());
    await new Promise((resolve) => setTimeout(resolve, (TTL_SECONDS + 0.5) * 1000));
    await expect(page.locator('main#main').getAttribute('data-state')).resolves.toBe('ready');

    const refused = page.waitForResponse((response) =>
      response.url().includes('/attachments/upload-initiate'),
    );
    await page.setInputFiles(tid('choose-photos'), await generatedPhoto(4));

    expect((await refused).status()).toBe(410);
    const fatal = page.locator(tid('fatal-message'));
    await fatal.waitFor({ timeout: 5_000 });
    await expect(fatal.getAttribute('data-code')).resolves.toBe('SESSION_EXPIRED');
    await waitForCount(page.locator(`${tid('file-item')}[data-status=failed]`), 1);
    await waitForCount(page.locator(tid('retry')), 0);
  });
});
