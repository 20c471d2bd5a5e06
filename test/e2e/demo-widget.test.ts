import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SEED } from '../../src/emulator';
import {
  DESKTOP,
  PHONE,
  launchBrowser,
  screenshot,
  tid,
  waitForCount,
  watchProblems,
  type PageProblems,
} from './support/browser';
import { startEmulatorModeGateway, type EmulatorModeGateway } from './support/emulator-mode';
import { TEST_API_KEY } from './support/gateway';
import { generatedPhoto } from './support/photos';

/**
 * Issue 11, "The demo plays a widget a clinician could use", against the gateway in emulator mode
 * (as `npm run dev` runs it). Screenshots: test-output/e2e/demo-widget-*.png.
 */
jest.setTimeout(90_000);

const practitioners = SEED.facilities[0].practitioners.map((p) => ({
  id: p.id,
  name: `${p.prefix} ${p.given} ${p.family}`,
}));

let gateway: EmulatorModeGateway;
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: PageProblems[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  gateway = await startEmulatorModeGateway();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await gateway?.close();
});

async function openPage(options: typeof DESKTOP | typeof PHONE, url: string): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  problems.push(watchProblems(context));
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** The few DOM shapes the page-side callbacks use (the tests compile without the DOM library). */
interface DomElement {
  tagName: string;
  id: string;
  getAttribute(name: string): string | null;
}
interface BrowserWindow {
  getComputedStyle(node: unknown): { borderTopStyle: string; cursor: string };
}

/** The vertical position of an element relative to the viewport (0 = top edge). */
const topOf = (page: Page, selector: string) =>
  page.locator(selector).evaluate((node) => node.getBoundingClientRect().top);

describe('demo widget', () => {
  it('when a GP runs a session from the demo, then it reads like a widget: numbered steps, a large QR in view, names not ids, matching labels and a summary with New session', async () => {
    const desk = await openPage(DESKTOP, `${gateway.url}/demo`);
    await desk.locator(tid('api-key')).fill(TEST_API_KEY);

    // The launch from Evolution comes first, unnumbered; then sections 1-4, all shown, without gaps.
    const headings = await desk.locator('main h2:visible').allTextContents();
    expect(headings[0]).toBe('Open as from Medtech Evolution');
    expect(headings.slice(1).map((h) => h.split('.')[0])).toEqual(['1', '2', '3', '4']);

    // Practitioners by name (the emulator's Practitioner list), values are their ids.
    await expect(desk.locator(`${tid('provider-id')} option`).allTextContents()).resolves.toEqual(
      practitioners.map((p) => p.name),
    );

    await desk.locator(tid('load-capabilities')).click();
    const details = desk.locator(tid('capabilities-details'));
    await details.waitFor({ state: 'visible', timeout: 5_000 });
    await expect(details.evaluate((node) => (node as unknown as { open: boolean }).open)).resolves.toBe(
      false,
    );
    await expect(desk.locator(tid('chip')).first().isVisible()).resolves.toBe(false);
    await details.locator('summary').click();
    const chip = desk.locator(tid('chip')).first();
    await chip.waitFor({ state: 'visible' });
    // Tags for reference, not buttons: no border, no pointer, no button role.
    const look = await chip.evaluate((node) => {
      const style = (globalThis as unknown as BrowserWindow).getComputedStyle(node);
      return {
        border: style.borderTopStyle,
        cursor: style.cursor,
        tag: (node as unknown as DomElement).tagName,
      };
    });
    expect(look).toEqual({ border: 'none', cursor: 'default', tag: 'LI' });
    await details.locator('summary').click();
    await screenshot(desk, 'demo-widget-start');

    await desk.locator(tid('start-session')).click();
    const qr = desk.locator(tid('qr-image'));
    await qr.waitFor({ state: 'visible', timeout: 5_000 });
    const box = await qr.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(256);
    expect(box!.height).toBeGreaterThanOrEqual(256);
    // Scrolled so the QR code is on screen.
    const qrTop = await topOf(desk, tid('qr-image'));
    expect(qrTop).toBeGreaterThanOrEqual(-1);
    expect(qrTop + box!.height).toBeLessThanOrEqual(DESKTOP.viewport.height);
    // 127.0.0.1 is this computer: the page says a phone cannot open it and what to set.
    const warning = desk.locator(tid('localhost-warning'));
    await expect(warning.isVisible()).resolves.toBe(true);
    await expect(warning.textContent()).resolves.toMatch(/MOBILE_UPLOAD_BASE_URL[\s\S]*CORS_ORIGINS/);
    await screenshot(desk, 'demo-widget-qr');

    const href = (await desk.locator(tid('mobile-link')).getAttribute('href')) as string;
    const phone = await openPage(PHONE, href);
    await phone.locator('main#main[data-state=ready]').waitFor({ timeout: 10_000 });
    await phone.setInputFiles(tid('choose-photos'), [await generatedPhoto(31), await generatedPhoto(32)]);
    await waitForCount(phone.locator(`${tid('file-item')}[data-status=done]`), 2, { timeoutMs: 30_000 });
    await waitForCount(desk.locator(`${tid('demo-file')}[data-status=ready]`), 2, { timeoutMs: 10_000 });

    // Phone and desktop show the same label for the same file.
    for (const item of await phone.locator(tid('file-item')).all()) {
      const fileId = await item.getAttribute('data-file-id');
      const label = await item.getAttribute('data-label');
      const card = desk.locator(`${tid('demo-file')}[data-file-id="${fileId}"]`);
      await expect(card.locator('.file-head strong').textContent()).resolves.toBe(`Photo ${label}`);
    }

    const [first] = await desk.locator(tid('demo-file')).all();
    await first.locator(tid('also-inbox')).check();
    await first.locator(tid('inbox-recipient')).selectOption({ label: practitioners[1].name });
    await first.locator(tid('also-task')).check();
    await first.locator(tid('task-assignee')).selectOption({ label: practitioners[0].name });
    await desk.locator(tid('commit')).click();

    const summary = desk.locator(tid('commit-summary'));
    await summary.waitFor({ state: 'visible', timeout: 15_000 });
    await expect(summary.locator(tid('commit-summary-text')).textContent()).resolves.toBe(
      '2 photos saved to Medtech.',
    );
    await expect(summary.getAttribute('data-tone')).resolves.toBe('ok');
    // At the top of the page, and in view.
    const order = await desk
      .locator(`main > ${tid('commit-summary')}, main > section`)
      .evaluateAll((nodes) =>
        nodes.map(
          (n) => (n as unknown as DomElement).getAttribute('data-testid') ?? (n as unknown as DomElement).id,
        ),
      );
    expect(order[0]).toBe('commit-summary');
    expect(await topOf(desk, tid('commit-summary'))).toBeGreaterThanOrEqual(-1);
    expect(await topOf(desk, tid('commit-summary'))).toBeLessThan(DESKTOP.viewport.height);

    // Committed photos still look included.
    await waitForCount(desk.locator(`${tid('demo-file')}[data-status=committed]`), 2);
    for (const card of await desk.locator(tid('demo-file')).all()) {
      await expect(card.locator(tid('file-include')).isChecked()).resolves.toBe(true);
      await expect(card.getAttribute('class')).resolves.toMatch(/is-committed/);
    }
    await screenshot(desk, 'demo-widget-committed');

    // The inbox message and task went to the people picked by name.
    const state = gateway.gateway.emulator!.state;
    const [message] = state.createdResources('Communication') as fhir4.Communication[];
    expect(message.recipient?.[0].reference).toBe(`Practitioner/${practitioners[1].id}`);
    const [task] = state.createdResources('Task') as fhir4.Task[];
    expect(task.owner?.reference).toBe(`Practitioner/${practitioners[0].id}`);

    const before = await desk.locator('#session-id').textContent();
    await summary.locator(tid('new-session')).click();
    await expect(summary.isHidden()).resolves.toBe(true);
    await waitForCount(desk.locator(tid('demo-file')), 0);
    const after = await desk.locator('#session-id').textContent();
    expect(after).not.toBe(before);
    await screenshot(desk, 'demo-widget-new-session');
    for (const seen of problems) expect(seen).toEqual({ errors: [], cspViolations: [] });
  });
});
