import request from 'supertest';
import { createEmulatorApp, type EmulatorState } from '../../../src/emulator';
import { emulatorKit, fetchToken, FACILITY } from './emulator-test-kit';

const LOCATION = '/FHIR/Location';

describe('emulator FHIR guard (token, facility, mt-appid)', () => {
  it('when no token is sent, then /FHIR answers 401 with the API Management body', async () => {
    const { app } = createEmulatorApp();
    const response = await request(app).get(LOCATION).set('mt-facilityid', FACILITY).expect(401);
    expect(response.body).toEqual({
      statusCode: 401,
      message: 'Unauthorized. Access token is missing or invalid.',
    });
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('when the token is not one the emulator signed, then it answers 401', async () => {
    const { app } = createEmulatorApp();
    const forged =
      'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlcyI6WyJwYXRpZW50Lm1lZGlhLndyaXRlIl19.c2lnbmF0dXJlLW5vdC12YWxpZA';
    await request(app)
      .get(LOCATION)
      .set({ Authorization: `Bearer ${forged}`, 'mt-facilityid': FACILITY })
      .expect(401);
  });

  it('when the token has expired, then it answers 401', async () => {
    const { app, state } = createEmulatorApp();
    state.setTokenLifetime(0); // exp = iat: expired from the start
    const token = await fetchToken(app);
    await request(app)
      .get(LOCATION)
      .set({ Authorization: `Bearer ${token}`, 'mt-facilityid': FACILITY })
      .expect(401);
  });

  it('when tokens are revoked, then the old token gets 401 and a new one works', async () => {
    const kit = await emulatorKit();
    await kit.get(LOCATION).expect(200);

    kit.state.revokeAllTokens();

    await kit.get(LOCATION).expect(401);
    const fresh = await fetchToken(kit.app);
    await request(kit.app)
      .get(LOCATION)
      .set({ Authorization: `Bearer ${fresh}`, 'mt-facilityid': FACILITY })
      .expect(200);
  });

  it('when mt-facilityid is missing, then it answers 403 "Practice Facility not found"', async () => {
    const kit = await emulatorKit();
    const response = await request(kit.app)
      .get(LOCATION)
      .set('Authorization', `Bearer ${kit.token}`)
      .expect(403);
    expect(response.body.issue[0]).toMatchObject({
      code: 'forbidden',
      diagnostics: 'Practice Facility not found',
    });
  });

  it('when mt-facilityid is unknown, then it answers 403 "Practice Facility not found"', async () => {
    const kit = await emulatorKit();
    const response = await kit.get(LOCATION, 'F00000-A').expect(403);
    expect(response.body.issue[0].diagnostics).toBe('Practice Facility not found');
  });

  describe('strict mt-appid mode', () => {
    let kit: { state: EmulatorState } & Awaited<ReturnType<typeof emulatorKit>>;
    beforeAll(async () => {
      kit = await emulatorKit({ strictAppId: true });
    });

    it('when a request carries mt-appid, then it answers 403 OperationOutcome forbidden', async () => {
      const response = await kit.get(LOCATION).set('mt-appid', 'clinicpro-images-widget').expect(403);
      expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expect(response.body.issue[0]).toMatchObject({ severity: 'error', code: 'forbidden' });
    });

    it('when a request has no mt-appid, then it is served', async () => {
      await kit.get(LOCATION).expect(200);
    });
  });

  it('when strict mode is off, then mt-appid is accepted', async () => {
    const kit = await emulatorKit();
    await kit.get(LOCATION).set('mt-appid', 'clinicpro-images-widget').expect(200);
  });

  it('when the journal records a FHIR call, then the bearer token is masked', async () => {
    const kit = await emulatorKit();
    kit.state.resetJournal();
    await kit.get(LOCATION).expect(200);

    const [entry] = kit.state.journal();
    expect(entry.headers.authorization).toBe('Bearer ***');
    expect(JSON.stringify(entry)).not.toContain(kit.token);
    expect(entry).toMatchObject({ method: 'GET', path: LOCATION, route: 'GET /FHIR/Location', status: 200 });
    expect(entry.at).toBe(new Date(entry.atMs).toISOString());
  });
});
