import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PHONE, launchBrowser, watchProblems, type DESKTOP, type PageProblems } from './browser';

/**
 * One Chromium and one server for a browser test file: started in `beforeAll`, closed in
 * `afterAll`, with a page opener that watches every page for script errors and CSP violations.
 */
export function browserSession<T extends { close(): Promise<void> }>(start: () => Promise<T>) {
  let browser: Browser | undefined;
  let server: T | undefined;
  const contexts: BrowserContext[] = [];
  const problems: PageProblems[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await start();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** A new browser context, closed with the file at the latest, whose pages are watched. */
  async function newContext(options: typeof DESKTOP | typeof PHONE) {
    const context = await (browser as Browser).newContext(options);
    contexts.push(context);
    const watched = watchProblems(context);
    problems.push(watched);
    return { context, problems: watched };
  }

  return {
    /** The server started for this file (valid inside tests). */
    server: (): T => server as T,
    /** Every page's script errors and CSP violations so far. */
    problems,
    newContext,
    async openPage(options: typeof DESKTOP | typeof PHONE, url: string): Promise<Page> {
      const { context } = await newContext(options);
      const page = await context.newPage();
      await page.goto(url);
      return page;
    },
  };
}

/**
 * A phone-page test file: one Chromium and one server (as `browserSession`), and for each test
 * a fresh phone-sized context, closed after it. Every test also proves the pages it opened ran
 * without script errors or CSP refusals.
 */
export function phoneSession<T extends { close(): Promise<void> }>(start: () => Promise<T>) {
  const session = browserSession(start);
  let phone: { context: BrowserContext; problems: PageProblems } | undefined;

  beforeEach(async () => {
    phone = await session.newContext(PHONE);
  });

  afterEach(async () => {
    const { context, problems } = phone as NonNullable<typeof phone>;
    await context.close();
    expect(problems).toEqual({ errors: [], cspViolations: [] });
  });

  /** A new page in this test's phone context, gone to `url`. */
  async function openPage(url: string): Promise<Page> {
    const page = await (phone as NonNullable<typeof phone>).context.newPage();
    await page.goto(url);
    return page;
  }

  return {
    server: session.server,
    openPage,
    /** Opens a phone link and waits until the page has loaded its session. */
    async openLink(url: string, timeoutMs = 10_000): Promise<Page> {
      const page = await openPage(url);
      await page.locator('main#main[data-state=ready]').waitFor({ timeout: timeoutMs });
      return page;
    },
  };
}
