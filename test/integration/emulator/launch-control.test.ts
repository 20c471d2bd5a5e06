import { ALEX_TEXT } from '../../../src/emulator';
import { startLiveEmulator, ZZZ0016_ID, type LiveEmulator } from './live-emulator';

const DECODE = 'vendorforms/api/getlaunchcontextstring';
const PROVIDER = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

/** Decode path for a pair, each value one percent-encoded segment, as the gateway sends it. */
const decodePath = (context: string, signature: string) =>
  `${DECODE}/${encodeURIComponent(context)}/${encodeURIComponent(signature)}`;

describe('emulator: launch control and decode endpoint', () => {
  let live: LiveEmulator;

  beforeAll(async () => {
    live = await startLiveEmulator();
  });
  afterAll(() => live.emulator.close());

  async function mint(body: Record<string, unknown> = {}) {
    const response = await live.control.post('/launch', {
      facilityId: 'F2N060-E',
      patientId: ZZZ0016_ID,
      providerId: PROVIDER,
      ...body,
    });
    expect(response.status).toBe(201);
    return response.data as { context: string; signature: string; launchUrl: string; createdTime: string };
  }

  it('when a launch is minted, then the context is base64 JSON of the four fields, signed, in an Evolution-style URL', async () => {
    const minted = await mint();
    expect(JSON.parse(Buffer.from(minted.context, 'base64').toString('utf8'))).toEqual({
      facilityCode: 'F2N060-E',
      patientId: ZZZ0016_ID,
      providerId: PROVIDER,
      createdTime: minted.createdTime,
    });
    expect(minted.signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(minted.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+1[23]:00$/);
    expect(Math.abs(Date.parse(minted.createdTime) - Date.now())).toBeLessThan(5000);
    expect(minted.launchUrl).toBe(
      `http://localhost:3001/medtech-images/launch?context=${minted.context}&signature=${minted.signature}`,
    );
  });

  it('when the pair is decoded with a valid token, then ALEX answers 200 with the context fields', async () => {
    const minted = await mint({ patientId: null });
    const response = await live.fhir.get(decodePath(minted.context, minted.signature));
    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      facilityCode: 'F2N060-E',
      patientId: null,
      providerId: PROVIDER,
      createdTime: minted.createdTime,
    });
  });

  it('when createdTime is given, then the context carries it in NZ time', async () => {
    const minted = await mint({ createdTime: '2026-06-01T00:00:00.000Z' });
    expect(minted.createdTime).toBe('2026-06-01T12:00:00.000+12:00');
  });

  it('when the signature is tampered with, then 401 with an APIM body that is not the token text', async () => {
    const minted = await mint();
    const bad = minted.signature.startsWith('A')
      ? `B${minted.signature.slice(1)}`
      : `A${minted.signature.slice(1)}`;
    const response = await live.fhir.get(decodePath(minted.context, bad));
    expect(response.status).toBe(401);
    expect(response.data).toEqual({ statusCode: 401, message: expect.any(String) });
    expect(response.data.message).not.toBe(ALEX_TEXT.unauthorized);
  });

  it('when the pair is not base64, then 400 with an APIM body', async () => {
    const response = await live.fhir.get(decodePath('not base64!', 'x'));
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ statusCode: 400, message: expect.any(String) });
  });

  it('when the token is missing, then the standard token 401, whatever the pair', async () => {
    const minted = await mint();
    const response = await live.fhir.get(decodePath(minted.context, minted.signature), {
      headers: { Authorization: '' },
    });
    expect(response.status).toBe(401);
    expect(response.data).toEqual({ statusCode: 401, message: ALEX_TEXT.unauthorized });
  });

  it('when the control body is wrong, then 400 naming the field', async () => {
    const response = await live.control.post('/launch', { facilityId: 'F2N060-E', patientId: 7 });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.data)).toContain('patientId');
  });

  it('when a fault is queued for the decode route, then the decode gets it', async () => {
    const minted = await mint();
    await live.control.post('/faults', { preset: 'practiceOffline', route: 'GET /FHIR/vendorforms' });
    const response = await live.fhir.get(decodePath(minted.context, minted.signature));
    expect(response.status).toBe(503);
  });
});
