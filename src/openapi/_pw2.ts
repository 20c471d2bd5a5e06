import { chromium } from 'playwright-core';
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  await page.goto(process.argv[2], { waitUntil: 'networkidle' });
  const block = page.locator('.opblock', { hasText: process.argv[3] }).first();
  await block.locator('.opblock-summary').click();
  await page.waitForTimeout(800);
  if (process.argv[5]) { await block.locator('button.try-out__btn').click(); await page.waitForTimeout(500); }
  await block.screenshot({ path: process.argv[4] });
  console.log(problems.join('\n') || 'no console problems');
  await browser.close();
})();
