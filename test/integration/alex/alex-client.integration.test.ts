import { toAppError } from '../../../src/errors';
import { FAULTS } from '../../../src/emulator';
import type { AlexClient } from '../../../src/services/alex';
import {
  OTHER_FACILITY,
  SEED_NHI,
  SEED_PATIENT_ID,
  startEmulator,
  UAT_FACILITY,
  wireAgainst,
  type RunningEmulator,
} from './emulator-setup';

const media = (value: string): fhir4.Media => ({
  resourceType: 'Media',
  status: 'completed',
  identifier: [{ system: 'https://clinicpro.co.nz/image-id', value }],
  type: {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/media-type', code: 'image', display: 'Image' }],
  },
  subject: { reference: `Patient/${SEED_PATIENT_ID}` },
  createdDateTime: '2026-01-05T15:00:00+13:00',
  content: {
    contentType: 'image/jpeg',
    data: Buffer.from('not really a jpeg').toString('base64'),
    title: 'test',
  },
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ALEX client against the emulator', () => {
  let emu: RunningEmulator;
  const clients: AlexClient[] = [];
  const wire = (...args: Parameters<typeof wireAgainst> extends [unknown, ...infer R] ? R : never) => {
    const wired = wireAgainst(emu, ...args);
    clients.push(wired.alex);
    return wired;
  };
  const journal = (route?: string) =>
    emu.state.journal().filter((entry) => route === undefined || entry.route === route);

  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
  });
  afterEach(() => {
    emu.state.reset();
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('when 1,000 first requests ask for a token at once, then the emulator sees exactly one token request', async () => {
    const { tokens } = wire();

    const results = await Promise.all(Array.from({ length: 1000 }, () => tokens.getToken()));

    expect(new Set(results).size).toBe(1);
    expect(journal('POST /token')).toHaveLength(1);
  });

  it('when searching the seed NHI in each facility, then each gives its own Patient id and the headers are exact', async () => {
    const { alex } = wire();

    const uat = await alex.searchPatientByNhi(UAT_FACILITY, SEED_NHI);
    const other = await alex.searchPatientByNhi(OTHER_FACILITY, SEED_NHI);

    expect(uat.patient?.id).toBe(SEED_PATIENT_ID);
    expect(other.patient?.id).toBeDefined();
    expect(other.patient?.id).not.toBe(SEED_PATIENT_ID);
    const [first] = journal('GET /FHIR/Patient');
    expect(first.headers).toMatchObject({ 'mt-facilityid': UAT_FACILITY, accept: 'application/fhir+json' });
    expect(first.headers['mt-correlationid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.headers).not.toHaveProperty('mt-appid');
    expect(first.headers).not.toHaveProperty('mt-env');
    expect(first.headers).not.toHaveProperty('mt-roles');
  });

  it('when MEDTECH_APP_ID is configured, then mt-appid reaches ALEX', async () => {
    const { alex } = wire({ MEDTECH_APP_ID: 'clinicpro-images-widget' });

    await alex.ping(UAT_FACILITY);

    expect(journal('GET /FHIR/metadata')[0].headers['mt-appid']).toBe('clinicpro-images-widget');
  });

  it('when the NHI matches nothing, then no patient comes back and ALEX notice is read from the Bundle', async () => {
    const { alex } = wire();

    const result = await alex.searchPatientByNhi(UAT_FACILITY, 'ZZZ9999');

    expect(result.patient).toBeUndefined();
    expect(result.issues.map((issue) => issue.code)).toContain('not-found');
  });

  it('when a Patient id does not exist, then the error is PATIENT_NOT_FOUND', async () => {
    const { alex } = wire();

    const error = await alex
      .readPatient(UAT_FACILITY, 'ffffffffffffffffffffffffffffffff')
      .catch((caught: unknown) => caught);

    expect(toAppError(error).code).toBe('PATIENT_NOT_FOUND');
  });

  it('when the practice is offline twice and then back, then the read succeeds on the third attempt', async () => {
    const { alex, sleeps } = wire();
    emu.state.failNext(FAULTS.practiceOffline('GET /FHIR/Patient', 2));

    const { patient } = await alex.readPatient(UAT_FACILITY, SEED_PATIENT_ID);

    expect(patient.id).toBe(SEED_PATIENT_ID);
    expect(journal('GET /FHIR/Patient').map((entry) => entry.status)).toEqual([503, 503, 200]);
    expect(sleeps).toHaveLength(2);
  });

  it('when ALEX throttles with Retry-After, then the client waits that long and retries', async () => {
    const { alex, sleeps } = wire();
    emu.state.failNext(FAULTS.rateLimited('GET /FHIR/Patient', '1'));

    await alex.readPatient(UAT_FACILITY, SEED_PATIENT_ID);

    expect(sleeps).toEqual([1000]);
    expect(journal('GET /FHIR/Patient').map((entry) => entry.status)).toEqual([429, 200]);
  });

  it('when a POST Media times out, then exactly one POST reaches ALEX and the error is ALEX_TIMEOUT', async () => {
    const { alex } = wire({ ALEX_WRITE_TIMEOUT_MS: '300' });
    emu.state.failNext(FAULTS.delay('POST /FHIR/Media', 1200));

    const error = await alex.create(UAT_FACILITY, media('img-timeout')).catch((caught: unknown) => caught);

    expect(toAppError(error)).toMatchObject({ code: 'ALEX_TIMEOUT', retryable: true });
    expect(error).toMatchObject({ bodySent: true });
    // The emulator journals a request when it answers, so wait for the slow answer to finish.
    await waitFor(() => journal('POST /FHIR/Media').length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(journal('POST /FHIR/Media')).toHaveLength(1);
    expect(emu.state.createdResources('Media')).toHaveLength(1);
  });

  it('when a POST Media connection is dropped, then it is not sent again', async () => {
    const { alex } = wire();
    emu.state.failNext(FAULTS.drop('POST /FHIR/Media'));

    const error = await alex.create(UAT_FACILITY, media('img-drop')).catch((caught: unknown) => caught);

    expect(toAppError(error).code).toBe('ALEX_TIMEOUT');
    expect(journal('POST /FHIR/Media')).toHaveLength(1);
  });

  it('when a POST Media is answered 503, then it is retried and created once', async () => {
    const { alex } = wire();
    emu.state.failNext(FAULTS.practiceOffline('POST /FHIR/Media'));

    const created = await alex.create(UAT_FACILITY, media('img-503'));

    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.status).toBe(201);
    expect(journal('POST /FHIR/Media').map((entry) => entry.status)).toEqual([503, 201]);
    expect(emu.state.createdResources('Media')).toHaveLength(1);
  });

  it('when every token is revoked, then the next call gets 401, refreshes once and replays', async () => {
    const { alex } = wire();
    await alex.ping(UAT_FACILITY);
    emu.state.revokeAllTokens();

    await alex.readPatient(UAT_FACILITY, SEED_PATIENT_ID);

    expect(journal('POST /token')).toHaveLength(2);
    expect(journal('GET /FHIR/Patient').map((entry) => entry.status)).toEqual([401, 200]);
  });

  it('when ALEX answers 401 even to a fresh token, then the error is ALEX_AUTH_FAILED', async () => {
    const { alex } = wire();
    emu.state.failNext(FAULTS.unauthorized('GET /FHIR/Patient', 2));

    const error = await alex.readPatient(UAT_FACILITY, SEED_PATIENT_ID).catch((caught: unknown) => caught);

    expect(toAppError(error)).toMatchObject({ code: 'ALEX_AUTH_FAILED', status: 502 });
    expect(journal('GET /FHIR/Patient')).toHaveLength(2);
  });

  it('when the facility is unknown to ALEX, then the error is ALEX_FORBIDDEN with the practice message', async () => {
    const { alex } = wire();

    const error = await alex.ping('F00000-X').catch((caught: unknown) => caught);

    expect(toAppError(error)).toMatchObject({ code: 'ALEX_FORBIDDEN', status: 502 });
    expect(toAppError(error).message).toMatch(/does not recognise this practice/);
  });

  it('when one facility keeps failing, then its breaker opens with no further ALEX calls, and the other facility still works', async () => {
    const { alex } = wire({ ALEX_MAX_ATTEMPTS: '1' });
    emu.state.failNext(FAULTS.serverError('GET /FHIR/Patient', 10));
    for (let i = 0; i < 10; i += 1)
      await alex.readPatient(UAT_FACILITY, SEED_PATIENT_ID).catch(() => undefined);
    emu.state.resetJournal();

    const blocked = await alex.readPatient(UAT_FACILITY, SEED_PATIENT_ID).catch((caught: unknown) => caught);
    const other = await alex.searchPatientByNhi(OTHER_FACILITY, SEED_NHI);

    expect(toAppError(blocked)).toMatchObject({ code: 'ALEX_UNAVAILABLE', status: 503 });
    expect(other.patient).toBeDefined();
    expect(journal().map((entry) => entry.headers['mt-facilityid'])).toEqual([OTHER_FACILITY]);
  });

  it('when calls are logged, then no token, client secret or NHI appears in any line', async () => {
    const { alex, logs } = wire();
    emu.state.failNext(FAULTS.practiceOffline('GET /FHIR/Patient'));

    await alex.searchPatientByNhi(UAT_FACILITY, SEED_NHI);

    const text = logs.text();
    expect(text).toContain('alex call');
    expect(text).not.toContain(SEED_NHI);
    expect(text).not.toContain(emu.credentials.clientSecret);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
    expect(text).not.toContain('Bearer');
  });
});
