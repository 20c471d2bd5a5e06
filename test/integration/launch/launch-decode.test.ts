import { startGatewayWithEmulator, type GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import {
  FACILITY,
  LAUNCH,
  OTHER_FACILITY,
  PROVIDER,
  SEED_PATIENT,
  callGateway,
  decode,
  mintLaunch,
  mintLaunchWithPlus,
  tamper,
} from './launch-harness';

/** POST/GET launch against the ALEX emulator over real sockets (GATEWAY-API.md, Launch). */
describe('launch from Medtech Evolution', () => {
  let harness: GatewayWithEmulator;
  let base: string;

  beforeAll(async () => {
    // Only the UAT practice is allowed, so the emulator's second practice is "another facility".
    harness = await startGatewayWithEmulator({ env: { MEDTECH_FACILITY_IDS: FACILITY } });
    base = await harness.listen();
  });
  afterAll(() => harness.close());

  it('when Evolution launched on a patient, then the answer names practice, patient and provider and carries the banner', async () => {
    const minted = await mintLaunch(harness.emulator.url);
    const answer = await decode(base, minted);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      launchId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      facilityId: FACILITY,
      patientId: SEED_PATIENT.id,
      providerId: PROVIDER,
      createdTime: minted.createdTime,
      encounterId: `launch-${answer.body.launchId}`,
      patient: {
        id: SEED_PATIENT.id,
        name: `${SEED_PATIENT.given} ${SEED_PATIENT.family}`,
        nhi: SEED_PATIENT.nhi,
        birthDate: SEED_PATIENT.birthDate,
        gender: SEED_PATIENT.gender,
      },
    });
    expect(minted.createdTime).toMatch(/\+1[23]:00$/);
  });

  it('when ALEX is asked, then the decode goes to the vendorforms path with the default facility and the pair percent-encoded', async () => {
    harness.emulator.state.resetJournal();
    const minted = await mintLaunchWithPlus(harness.emulator.url);
    expect((await decode(base, minted)).status).toBe(200);
    const [entry] = harness.emulator.state.journal().filter((e) => e.route === 'GET /FHIR/vendorforms');
    expect(entry.path).toBe(
      `/FHIR/vendorforms/api/getlaunchcontextstring/${encodeURIComponent(minted.context)}/${encodeURIComponent(minted.signature)}`,
    );
    expect(entry.path).not.toContain('+');
    expect(entry.headers['mt-facilityid']).toBe(FACILITY);
    expect(entry.headers.authorization).toBe('Bearer ***');
  });

  it('when Evolution had no patient selected, then patientId and patient are null and no Patient is read', async () => {
    harness.emulator.state.resetJournal();
    const answer = await decode(base, await mintLaunch(harness.emulator.url, { patientId: null }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ patientId: null, patient: null, providerId: PROVIDER });
    expect(harness.emulator.state.journal().some((e) => e.route === 'GET /FHIR/Patient')).toBe(false);
  });

  it('when the launch is for a practice this gateway does not serve, then 403 FACILITY_NOT_ALLOWED', async () => {
    const minted = await mintLaunch(harness.emulator.url, {
      facilityId: OTHER_FACILITY,
      patientId: null,
    });
    const answer = await decode(base, minted);
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('FACILITY_NOT_ALLOWED');
  });

  it('when the signature was tampered with, then 422 LAUNCH_INVALID and the gateway keeps its token', async () => {
    const minted = await mintLaunch(harness.emulator.url);
    const before = harness.emulator.state.tokenRequestCount();
    const answer = await decode(base, { context: minted.context, signature: tamper(minted.signature) });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: 'LAUNCH_INVALID', retryable: false });
    expect(harness.emulator.state.tokenRequestCount()).toBe(before);
    // The token still works: the untampered pair decodes with no new token.
    expect((await decode(base, minted)).status).toBe(200);
    expect(harness.emulator.state.tokenRequestCount()).toBe(before);
  });

  it('when the context was tampered with, then 422 LAUNCH_INVALID', async () => {
    const minted = await mintLaunch(harness.emulator.url);
    const answer = await decode(base, { context: tamper(minted.context), signature: minted.signature });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('LAUNCH_INVALID');
  });

  it('when the pair is not base64 at all, then ALEX answers 400 and the gateway 422 LAUNCH_INVALID', async () => {
    harness.emulator.state.resetJournal();
    const answer = await decode(base, { context: 'not*base64', signature: 'abc' });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('LAUNCH_INVALID');
    expect(harness.emulator.state.journal().map((e) => e.status)).toContain(400);
  });

  it('when the launch is older than LAUNCH_MAX_AGE_SECONDS, then 410 LAUNCH_EXPIRED', async () => {
    const createdTime = new Date(Date.now() - 301_000).toISOString();
    const answer = await decode(base, await mintLaunch(harness.emulator.url, { createdTime }));
    expect(answer.status).toBe(410);
    expect(answer.body.error.code).toBe('LAUNCH_EXPIRED');
  });

  it('when the launch is just inside LAUNCH_MAX_AGE_SECONDS, then it is accepted', async () => {
    const createdTime = new Date(Date.now() - 290_000).toISOString();
    expect((await decode(base, await mintLaunch(harness.emulator.url, { createdTime }))).status).toBe(200);
  });

  it('when the same pair is decoded twice, then the second gets 409 LAUNCH_ALREADY_USED', async () => {
    const minted = await mintLaunch(harness.emulator.url);
    expect((await decode(base, minted)).status).toBe(200);
    const again = await decode(base, minted);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('LAUNCH_ALREADY_USED');
  });

  it('when the same pair is decoded by five requests at once, then exactly one gets 200', async () => {
    const minted = await mintLaunch(harness.emulator.url);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => decode(base, minted)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
  });

  it('when a "+" of the pair arrived as a space, then it is mended and the launch decodes; the mended pair then counts as used', async () => {
    const minted = await mintLaunchWithPlus(harness.emulator.url);
    const asReadFromQuery = new URL(minted.launchUrl).searchParams;
    const pair = {
      context: asReadFromQuery.get('context') ?? '',
      signature: asReadFromQuery.get('signature') ?? '',
    };
    expect(`${pair.context}${pair.signature}`).toContain(' ');
    expect((await decode(base, pair)).status).toBe(200);
    expect((await decode(base, minted)).status).toBe(409);
  });

  it('when a launch is read again by its launchId, then the same answer comes back without ALEX decoding again', async () => {
    const first = await decode(base, await mintLaunch(harness.emulator.url));
    harness.emulator.state.resetJournal();
    const again = await callGateway(base, 'GET', `${LAUNCH}/${first.body.launchId}`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(harness.emulator.state.journal()).toEqual([]);
  });

  it('when an unknown launchId is read, then 404 NOT_FOUND', async () => {
    const answer = await callGateway(base, 'GET', `${LAUNCH}/3f1e2d4c-0000-4000-8000-000000000000`);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });

  it('when the body lacks the signature or holds unknown fields, then 400 VALIDATION_FAILED and ALEX is not called', async () => {
    harness.emulator.state.resetJournal();
    const missing = await callGateway(base, 'POST', LAUNCH, { context: 'abc' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'signature' })]);
    const extra = await callGateway(base, 'POST', LAUNCH, { context: 'a', signature: 'b', patientId: 'x' });
    expect(extra.status).toBe(400);
    expect(harness.emulator.state.journal()).toEqual([]);
  });

  it('when the patient Evolution named does not exist in the practice, then 404 PATIENT_NOT_FOUND and the pair can be tried again', async () => {
    const minted = await mintLaunch(harness.emulator.url, { patientId: '0000000000000000000000000000dead' });
    const answer = await decode(base, minted);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('PATIENT_NOT_FOUND');
    expect((await decode(base, minted)).status).toBe(404);
  });

  it('when no API key is sent, then 401 and ALEX is not called', async () => {
    const response = await fetch(base + LAUNCH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ context: 'a', signature: 'b' }),
    });
    expect(response.status).toBe(401);
  });
});
