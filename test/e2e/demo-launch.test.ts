import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildGateway, type Gateway } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { captureLogs } from '../helpers/log-capture';
import {
  DESKTOP,
  PHONE,
  launchBrowser,
  screenshot,
  tid,
  watchProblems,
  type PageProblems,
} from './support/browser';
import { FACILITY, PATIENT, PRACTITIONER } from './support/gateway';
import { freePort, listen } from './support/listen';

/**
 * /demo's "Open as from Medtech Evolution" in a real browser, against the gateway in emulator
 * mode (the only mode that offers it): the embedded emulator mints the launch, the gateway
 * decodes it, the page shows the banner and fills the form, and the phone shows the same patient.
 */
jest.setTimeout(60_000);

let gateway: Gateway;
let stopServer: (() => Promise<void>) | undefined;
let url: string;
let browser: Browser;
const logs = captureLogs('debug');
const contexts: BrowserContext[] = [];
const problems: PageProblems[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // No ALEX credentials: emulator mode, with the dev key and the seed offered by the page.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    MOBILE_UPLOAD_BASE_URL: `${url}/mobile`,
  });
  gateway = await buildGateway(config, logs.logger);
  stopServer = await listen(gateway.app, port);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await stopServer?.();
  await gateway?.close();
});

async function openPage(options: typeof DESKTOP | typeof PHONE, address: string): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  problems.push(watchProblems(context));
  const page = await context.newPage();
  await page.goto(address);
  return page;
}

const text = (page: Page, id: string) => page.locator(tid(id)).textContent();
const value = (page: Page, id: string) => page.locator(tid(id)).inputValue();

describe('demo: open as from Medtech Evolution', () => {
  it('when the GP opens the demo as from Evolution on a patient, then the banner shows name, NHI and date of birth, the form is filled in and the phone shows the same patient', async () => {
    const desk = await openPage(DESKTOP, `${url}/demo`);
    await desk.locator(tid('launch-open')).waitFor({ state: 'visible', timeout: 5_000 });
    await expect(desk.locator(tid('launch-unavailable')).isVisible()).resolves.toBe(false);
    await desk.locator(tid('launch-patient')).selectOption('0');
    await desk.locator(tid('launch-open')).click();
    await desk.locator(tid('launch-result')).waitFor({ state: 'visible', timeout: 10_000 });

    await expect(text(desk, 'banner-name')).resolves.toBe(PATIENT.name);
    await expect(text(desk, 'banner-nhi')).resolves.toBe(PATIENT.nhi);
    await expect(text(desk, 'banner-dob')).resolves.toBe('12/03/1984');
    const launchId = (await text(desk, 'launch-id')) ?? '';
    expect(launchId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(value(desk, 'facility-select')).resolves.toBe(FACILITY);
    await expect(value(desk, 'patient-id')).resolves.toBe(PATIENT.id);
    await expect(value(desk, 'provider-id')).resolves.toBe(PRACTITIONER);
    await expect(value(desk, 'encounter-id')).resolves.toBe(`launch-${launchId}`);
    await expect(desk.locator(tid('demo-error')).isVisible()).resolves.toBe(false);
    await screenshot(desk, 'demo-launch-banner');

    await desk.locator(tid('start-session')).click();
    const link = desk.locator(tid('mobile-link'));
    // The session card is always on the page; the link shows once the session exists (the
    // same script step sets its href), so wait for the link itself.
    await link.waitFor({ state: 'visible', timeout: 10_000 });
    const mobileUrl = (await link.getAttribute('href')) ?? '';
    expect(mobileUrl.startsWith(`${url}/mobile?t=`)).toBe(true);

    const phone = await openPage(PHONE, mobileUrl);
    await phone.locator(tid('patient-name')).filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });
    await expect(text(phone, 'patient-name')).resolves.toBe(await text(desk, 'banner-name'));
    await expect(text(phone, 'patient-nhi')).resolves.toBe(await text(desk, 'banner-nhi'));
    await screenshot(phone, 'demo-launch-phone');
  });

  it('when Evolution had no patient selected, then the banner says so and the patient field is left empty', async () => {
    const desk = await openPage(DESKTOP, `${url}/demo`);
    await desk.locator(tid('launch-open')).waitFor({ state: 'visible', timeout: 5_000 });
    await desk.locator(tid('launch-patient')).selectOption('');
    await desk.locator(tid('launch-open')).click();
    await desk.locator(tid('launch-result')).waitFor({ state: 'visible', timeout: 10_000 });
    await expect(text(desk, 'banner-name')).resolves.toBe('No patient selected in Evolution');
    await expect(desk.locator(tid('patient-banner')).getAttribute('data-empty')).resolves.toBe('true');
    await expect(value(desk, 'patient-id')).resolves.toBe('');
    await expect(value(desk, 'encounter-id')).resolves.toMatch(/^launch-[0-9a-f-]{36}$/);
  });

  it('when the pages ran, then no script failed, the CSP blocked nothing and the logs hold no name, NHI or launch pair', () => {
    for (const seen of problems) {
      expect(seen.errors).toEqual([]);
      expect(seen.cspViolations).toEqual([]);
    }
    const logged = logs.text();
    expect(logged).toContain('/api/integrations/medtech/launch');
    expect(logged).not.toContain(PATIENT.nhi);
    expect(logged).not.toContain('Tapsell');
    expect(logged).not.toMatch(/getlaunchcontextstring\/[A-Za-z0-9%]/);
  });
});
