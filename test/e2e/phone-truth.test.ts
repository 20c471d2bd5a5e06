import type { Page } from 'playwright-core';
import { screenshot, tid, waitForCount } from './support/browser';
import { phoneSession } from './support/browser-session';
import { initiateSession, sessionFiles, startE2eGateway } from './support/gateway';
import { generatedPhoto } from './support/photos';

/**
 * Issue 11, "The phone page must tell the truth": a refused photo says "Refused" with the reason
 * from its error code and offers Remove (never Retry); the file name is shown; labels are the
 * positions the gateway gave (the desktop's labels); sizes say which is which; and once every
 * photo is in, the page says so. Screenshots: test-output/e2e/phone-refused*.png.
 */
jest.setTimeout(60_000);

const { server: gateway, openLink } = phoneSession(startE2eGateway);

const row = (page: Page, name: string) =>
  page.locator(tid('file-item')).filter({ has: page.locator(`${tid('file-name')}:text-is("${name}")`) });

describe('phone page: refusals, labels and the end', () => {
  it('when a damaged photo and a non-photo are refused beside a good one, then each says Refused with its reason and offers Remove, and removing them leaves "All photos received"', async () => {
    const session = await initiateSession(gateway().url, 'enc-e2e-truth');
    const page = await openLink(session.mobileUploadUrl);

    const good = await generatedPhoto(21, 'IMG_2001.jpg');
    // The first 3 KB of a real JPEG: a photo cut short in transit.
    const cut = { name: 'IMG_2002.jpg', mimeType: 'image/jpeg', buffer: good.buffer.subarray(0, 3000) };
    const notes = {
      name: 'notes.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('shopping list: milk, eggs\n'),
    };
    await page.setInputFiles(tid('choose-photos'), [good, cut, notes]);
    await waitForCount(page.locator(`${tid('file-item')}[data-status=done]`), 1);
    await waitForCount(page.locator(`${tid('file-item')}[data-failure=refused]`), 2);

    // Refused, with the reason of its code; Remove, not Retry; the name of the file.
    const cutRow = row(page, 'IMG_2002.jpg');
    await expect(cutRow.locator(tid('file-state')).textContent()).resolves.toBe('Refused');
    await expect(cutRow.locator(tid('file-error')).textContent()).resolves.toMatch(/damaged or incomplete/);
    await expect(cutRow.locator(tid('file-error')).textContent()).resolves.not.toMatch(/large/i);
    const notesRow = row(page, 'notes.jpg');
    await expect(notesRow.locator(tid('file-state')).textContent()).resolves.toBe('Refused');
    await expect(notesRow.locator(tid('file-error')).textContent()).resolves.toMatch(
      /not a photo the gateway accepts/,
    );
    await waitForCount(page.locator(tid('retry')), 0);
    await waitForCount(page.locator(tid('remove')), 2);
    await expect(page.locator(tid('upload-summary')).textContent()).resolves.toBe(
      '1 of 3 photos received, 2 failed',
    );

    // Sizes say which is which: the phone's file, and the JPEG the gateway saved.
    const goodRow = row(page, 'IMG_2001.jpg');
    await expect(goodRow.locator(tid('file-size')).textContent()).resolves.toMatch(
      /^[\d.]+ (KB|MB) on this phone, saved as [\d.]+ (KB|MB)$/,
    );

    // Labels are the positions the gateway gave, the same the desktop view carries.
    const files = await sessionFiles(gateway().url, session.sessionId);
    for (const file of files) {
      const label = String.fromCharCode(64 + file.position);
      const item = page.locator(`${tid('file-item')}[data-file-id="${file.fileId}"]`);
      await expect(item.getAttribute('data-label')).resolves.toBe(label);
      await expect(item.locator(tid('file-label')).textContent()).resolves.toBe(`Photo ${label}`);
    }
    await screenshot(page, 'phone-refused');

    await cutRow.locator(tid('remove')).click();
    await notesRow.locator(tid('remove')).click();
    await waitForCount(page.locator(tid('file-item')), 1);
    await expect(page.locator(tid('upload-summary')).textContent()).resolves.toBe(
      'All photos received. You can go back to the computer.',
    );
    await screenshot(page, 'phone-refused-removed');
    // Removed from the gateway too: the desktop no longer lists the refused files.
    const deadline = Date.now() + 5_000;
    let left = await sessionFiles(gateway().url, session.sessionId);
    while (left.length !== 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = await sessionFiles(gateway().url, session.sessionId);
    }
    expect(left.map((f) => f.status)).toEqual(['ready']);
  });

  it('when a photo is over the size limit, then it is refused on the phone naming the limit, with Remove', async () => {
    const small = await startE2eGateway({ IMAGE_MAX_INPUT_BYTES: '200000' });
    try {
      const session = await initiateSession(small.url, 'enc-e2e-too-large');
      const page = await openLink(session.mobileUploadUrl);
      await page.setInputFiles(tid('choose-photos'), await generatedPhoto(22, 'IMG_2003.jpg'));
      const item = row(page, 'IMG_2003.jpg');
      await item.locator(tid('remove')).waitFor({ timeout: 5_000 });
      await expect(item.locator(tid('file-state')).textContent()).resolves.toBe('Refused');
      await expect(item.locator(tid('file-error')).textContent()).resolves.toMatch(
        /larger than the 195 KB upload limit/,
      );
      await waitForCount(page.locator(tid('retry')), 0);
    } finally {
      await small.close();
    }
  });
});
