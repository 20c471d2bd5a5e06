import { chromium } from 'playwright-core';
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  await page.goto(process.argv[2], { waitUntil: 'networkidle' });
  await page.waitForSelector('.opblock-summary');
  const target = process.argv[3];
  if (target) {
    await page.click(`#${target} .opblock-summary`).catch(async () => { await page.locator('.opblock-summary', { hasText: target }).first().click(); });
    await page.waitForTimeout(800);
  }
  const count = await page.locator('.opblock').count();
  console.log('operations', count);
  await page.screenshot({ path: process.argv[4] ?? '/tmp/docs-pw.png', fullPage: false });
  console.log(problems.join('\n') || 'no console problems');
  await browser.close();
})();
