import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot, tid, waitForCount } from './support/browser';
import {
  FACILITY,
  OTHER_PRACTITIONER,
  PATIENT,
  PRACTITIONER,
  TEST_API_KEY,
  startE2eGateway,
} from './support/gateway';
import { generatedPhoto } from './support/photos';
import { browserSession } from './support/browser-session';

/**
 * The demo page (/demo) as a GP would use it, against the gateway in live mode and a separate
 * ALEX emulator. Live mode is deliberate: the demo then gets no key hint and no seeded patients,
 * so the test proves the page works with a typed key and typed ids, as it must against UAT.
 */
jest.setTimeout(60_000);

const session = browserSession(startE2eGateway);
const { openPage, problems } = session;

async function firstChipCode(desk: Page, group: string): Promise<string> {
  const code = await desk
    .locator(`${tid('chip')}[data-group=${group}]`)
    .first()
    .getAttribute('data-code');
  if (!code) throw new Error(`the capabilities list no ${group}`);
  return code;
}

describe('demo page', () => {
  it('when a GP starts a phone session, the phone uploads a photo and the GP tags and commits it, then the page shows the Media id and ALEX has that Media', async () => {
    const desk = await openPage(DESKTOP, `${session.server().url}/demo`);
    // Against live ALEX the page offers no key and no test patients: everything is typed.
    await expect(desk.locator(tid('api-key')).inputValue()).resolves.toBe('');
    await expect(desk.locator(`${tid('patient-select')} option`).count()).resolves.toBe(1);
    await desk.locator(tid('api-key')).fill(TEST_API_KEY);
    await desk.locator(tid('load-capabilities')).click();
    // The dictionaries are folded away in <details>: present, not shown.
    await desk.locator(tid('chip')).first().waitFor({ state: 'attached', timeout: 5_000 });
    const bodySite = await firstChipCode(desk, 'bodySitesCommon');
    const laterality = await firstChipCode(desk, 'laterality');
    const view = await firstChipCode(desk, 'views');
    const type = await firstChipCode(desk, 'types');

    await desk.locator(tid('facility-select')).selectOption(FACILITY);
    await desk.locator(tid('patient-id')).fill(PATIENT.id);
    await desk.locator(tid('encounter-id')).fill('enc-e2e-demo');
    await desk.locator(tid('provider-id')).fill(PRACTITIONER);
    await desk.locator(tid('start-session')).click();
    const link = desk.locator(tid('mobile-link'));
    await link.waitFor({ timeout: 5_000 });
    await expect(desk.locator(tid('session-state')).textContent()).resolves.toBe('created');
    await expect(desk.locator(tid('qr-image')).getAttribute('src')).resolves.toMatch(
      /^data:image\/svg\+xml;base64,/,
    );
    const href = await link.getAttribute('href');
    expect(href?.startsWith(`${session.server().url}/mobile?t=`)).toBe(true);

    const phone = await openPage(PHONE, href as string);
    await phone.locator('main#main[data-state=ready]').waitFor({ timeout: 10_000 });
    // No name or NHI was typed on the demo, so the phone shows no patient block.
    await expect(phone.locator(tid('patient-name')).isVisible()).resolves.toBe(false);
    await phone.setInputFiles(tid('choose-photos'), await generatedPhoto(5));
    await phone.locator(`${tid('file-item')}[data-status=done]`).waitFor({ timeout: 20_000 });

    const card = desk.locator(`${tid('demo-file')}[data-status=ready]`);
    await card.waitFor({ timeout: 10_000 });
    await expect(desk.locator(tid('session-state')).textContent()).resolves.toBe('uploading');
    await card.locator(tid('demo-thumbnail')).waitFor({ timeout: 5_000 });
    await card.locator(tid('meta-title')).fill('Left forearm lesion');
    await card.locator(tid('meta-body-site')).selectOption(bodySite);
    await card.locator(tid('meta-laterality')).selectOption(laterality);
    await card.locator(tid('meta-view')).selectOption(view);
    await card.locator(tid('meta-type')).selectOption(type);
    await card.locator(tid('also-inbox')).check();
    await card.locator(tid('inbox-recipient')).fill(OTHER_PRACTITIONER);
    await expect(desk.locator(tid('commit')).textContent()).resolves.toBe('Commit 1 photo');

    await desk.locator(tid('commit')).click();

    const result = desk.locator(tid('commit-result'));
    await desk.locator(`${tid('commit-file')}[data-status=committed]`).waitFor({ timeout: 15_000 });
    await expect(result.getAttribute('data-http-status')).resolves.toBe('200');
    const mediaId = await result.locator(tid('media-id')).textContent();
    expect(mediaId).toMatch(/^[0-9a-f]{32}$/);
    await expect(result.locator(tid('inbox-message-id')).textContent()).resolves.toMatch(/\S/);
    await desk.locator(`${tid('demo-file')}[data-status=committed]`).waitFor({ timeout: 5_000 });
    await expect(desk.locator(tid('demo-error')).isVisible()).resolves.toBe(false);
    await expect(desk.locator(tid('commit')).isDisabled()).resolves.toBe(true);
    await screenshot(desk, 'demo-committed');

    const media = session.server().harness.emulator.state.createdResources('Media') as fhir4.Media[];
    expect(media).toHaveLength(1);
    expect(media[0]).toMatchObject({
      id: mediaId,
      subject: { reference: `Patient/${PATIENT.id}` },
      content: { contentType: 'image/jpeg', title: 'Left forearm lesion' },
    });
    // The chosen chips reach ALEX: the site as the coding, laterality as its extension.
    expect(media[0].bodySite).toMatchObject({
      coding: [{ code: bodySite }],
      extension: [{ valueCodeableConcept: { coding: [{ code: laterality }] } }],
    });
    const messages = session.server().harness.emulator.state.createdResources('Communication');
    expect(messages).toHaveLength(1);
    await waitForCount(desk.locator(tid('commit-error-code')), 0);
    for (const seen of problems) expect(seen).toEqual({ errors: [], cspViolations: [] });
  });
});
