import { FAULTS } from '../../../src/emulator';
import { startGatewayWithEmulator, type GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import {
  LAUNCH,
  SEED_PATIENT,
  callGateway,
  decode,
  mintLaunch,
  mintLaunchWithPlus,
  tamper,
  type MintedLaunch,
} from './launch-harness';

const DECODE_ROUTE = 'GET /FHIR/vendorforms';

/** Every spelling of a pair's values that could end up in a log line. */
function spellings(minted: MintedLaunch): string[] {
  return [minted.context, minted.signature].flatMap((value) => [
    value,
    encodeURIComponent(value),
    value.replace(/\+/g, ' '),
    value.slice(8, 32), // a fragment, as a clipped upstream text or URL would hold
  ]);
}

describe('launch logs', () => {
  let harness: GatewayWithEmulator;
  let base: string;
  const minted: MintedLaunch[] = [];

  beforeAll(async () => {
    harness = await startGatewayWithEmulator();
    base = await harness.listen();

    const ok = await mintLaunchWithPlus(harness.emulator.url);
    const spaced = new URL(ok.launchUrl).searchParams;
    expect(
      (await decode(base, { context: spaced.get('context') ?? '', signature: spaced.get('signature') ?? '' }))
        .status,
    ).toBe(200);
    expect((await decode(base, ok)).status).toBe(409);

    const tampered = await mintLaunch(harness.emulator.url);
    expect((await decode(base, { ...tampered, signature: tamper(tampered.signature) })).status).toBe(422);

    const replayedToken = await mintLaunch(harness.emulator.url);
    harness.emulator.state.failNext(FAULTS.unauthorized(DECODE_ROUTE, 1));
    const decoded = await decode(base, replayedToken);
    expect(decoded.status).toBe(200);
    expect((await callGateway(base, 'GET', `${LAUNCH}/${decoded.body.launchId}`)).status).toBe(200);

    const offline = await mintLaunch(harness.emulator.url);
    harness.emulator.state.failNext(FAULTS.practiceOffline(DECODE_ROUTE, 3));
    expect((await decode(base, offline)).status).toBe(503);

    const expired = await mintLaunch(harness.emulator.url, {
      createdTime: new Date(Date.now() - 600_000).toISOString(),
    });
    expect((await decode(base, expired)).status).toBe(410);

    const refusedBody = await mintLaunch(harness.emulator.url);
    const badBody = await callGateway(base, 'POST', LAUNCH, { context: refusedBody.context, signature: 7 });
    expect(badBody.status).toBe(400);

    minted.push(ok, tampered, replayedToken, offline, expired, refusedBody);
  });
  afterAll(() => harness.close());

  it('when launches succeed, fail and are replayed, then no log line holds a context, a signature or a fragment of one', () => {
    const text = harness.logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const launch of minted) {
      for (const spelling of spellings(launch)) expect(text).not.toContain(spelling);
    }
  });

  it("when the banner was read, then no log line holds the patient's name or NHI", () => {
    const text = harness.logs.text();
    expect(text).not.toContain(SEED_PATIENT.given);
    expect(text).not.toContain(SEED_PATIENT.family);
    expect(text).not.toContain(SEED_PATIENT.nhi);
  });

  it('when requests are logged, then the access log and the ALEX call log name route templates only', () => {
    const lines = harness.logs.lines();
    const requests = lines.filter((line) => line.message === 'request').map((line) => line.route);
    expect(new Set(requests)).toEqual(
      new Set(['/api/integrations/medtech/launch', '/api/integrations/medtech/launch/:launchId']),
    );
    const alexRoutes = lines.filter((line) => line.message === 'alex call').map((line) => line.route);
    expect(alexRoutes).toContain('GET /vendorforms/api/getlaunchcontextstring/:context/:signature');
    expect(new Set(alexRoutes)).toEqual(
      new Set(['GET /vendorforms/api/getlaunchcontextstring/:context/:signature', 'GET /Patient/:id']),
    );
  });
});
