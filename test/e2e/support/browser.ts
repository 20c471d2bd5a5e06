import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium; `npm test` installs it first through scripts/ensure-deps.cjs --browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Screenshots a person can look at after a run (test-output/ is gitignored). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', '..', 'test-output', 'e2e');

/** A phone in portrait: the size of an iPhone 13/14, with touch and a 2x screen. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'en-NZ',
  timezoneId: 'Pacific/Auckland',
} as const;

export const DESKTOP = {
  viewport: { width: 1280, height: 900 },
  locale: 'en-NZ',
  timezoneId: 'Pacific/Auckland',
} as const;

/**
 * Starts headless Chromium. A missing browser fails the suite (never skips it): a green run must
 * mean the pages were really driven.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}, so the browser tests in test/e2e cannot run. ` +
        'Install it with "sudo apt-get install -y chromium" (npm test does this as root through ' +
        'scripts/ensure-deps.cjs --browser).',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What went wrong inside a page that no assertion on the DOM would notice. */
export interface PageProblems {
  /** Uncaught exceptions of the page's scripts. */
  errors: string[];
  /** Console lines about the Content-Security-Policy (a blocked script, image or call). */
  cspViolations: string[];
}

/** Records script exceptions and CSP refusals of every page the context opens. */
export function watchProblems(context: BrowserContext): PageProblems {
  const problems: PageProblems = { errors: [], cspViolations: [] };
  const watch = (page: Page) => {
    page.on('pageerror', (error) => problems.errors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) problems.cspViolations.push(message.text());
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return problems;
}

/** A full-page PNG in test-output/e2e/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** `[data-testid=<id>]`, the pages' DOM contract. */
export const tid = (id: string): string => `[data-testid=${id}]`;

/**
 * Waits until `locator` matches exactly `count` elements. On timeout the error lists what the
 * page showed instead (`describe`), so a failure says more than "timed out".
 */
export async function waitForCount(
  locator: Locator,
  count: number,
  options: { timeoutMs?: number; describe?: () => Promise<string> } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if ((await locator.count()) === count) return;
    if (Date.now() > deadline) {
      const seen = options.describe ? await options.describe() : `${await locator.count()} matches`;
      throw new Error(`expected ${count} of ${locator.toString()}, the page shows: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls `condition` (a Node-side check, e.g. a counter a route handler bumps) until it holds. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Whether every image `locator` matches has loaded and has pixels. Runs through the DevTools
 * protocol, not `page.waitForFunction`, whose polling needs `eval` and so breaks on the pages'
 * strict CSP (which the tests keep on, to catch what the CSP would block in real use).
 */
export function imagesDrawn(locator: Locator): Promise<boolean> {
  return locator.evaluateAll((nodes) =>
    nodes.every((node) => {
      const img = node as unknown as { complete: boolean; naturalWidth: number };
      return img.complete && img.naturalWidth > 0;
    }),
  );
}
