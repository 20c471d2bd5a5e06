import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchProblems, type DESKTOP, type PageProblems, type PHONE } from './browser';

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

  return {
    /** The server started for this file (valid inside tests). */
    server: (): T => server as T,
    /** Every page's script errors and CSP violations so far. */
    problems,
    async openPage(options: typeof DESKTOP | typeof PHONE, url: string): Promise<Page> {
      const context = await (browser as Browser).newContext(options);
      contexts.push(context);
      problems.push(watchProblems(context));
      const page = await context.newPage();
      await page.goto(url);
      return page;
    },
  };
}
