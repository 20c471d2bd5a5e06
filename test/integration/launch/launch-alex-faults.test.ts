import { createServer, type AddressInfo } from 'node:net';
import { FAULTS } from '../../../src/emulator';
import { authHeader } from '../../helpers/test-config';
import { startGatewayWithEmulator, type GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { FACILITY, OTHER_FACILITY, decode, mintLaunch } from './launch-harness';

const DECODE_ROUTE = 'GET /FHIR/vendorforms';

/** Decodes seen by the emulator since the last journal reset. */
const decodes = (harness: GatewayWithEmulator) =>
  harness.emulator.state.journal().filter((entry) => entry.route === DECODE_ROUTE);

describe('launch decode when ALEX misbehaves', () => {
  let harness: GatewayWithEmulator;
  let base: string;

  beforeAll(async () => {
    // Short budgets so the timeout case takes about a second, not ten.
    harness = await startGatewayWithEmulator({ env: { ALEX_TIMEOUT_MS: '300', ALEX_DEADLINE_MS: '1200' } });
    base = await harness.listen();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.emulator.state.resetJournal());

  it('when the practice is offline on every attempt, then 503 PRACTICE_OFFLINE with Retry-After, and the pair still works afterwards', async () => {
    const minted = await mintLaunch(harness.emulator.url);
    harness.emulator.state.failNext(FAULTS.practiceOffline(DECODE_ROUTE, 3));
    const response = await fetch(`${base}/api/integrations/medtech/launch`, {
      method: 'POST',
      headers: { ...authHeader, 'content-type': 'application/json' },
      body: JSON.stringify({ context: minted.context, signature: minted.signature }),
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PRACTICE_OFFLINE');
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(decodes(harness)).toHaveLength(3);
    // Not marked used: ALEX never answered 200.
    expect((await decode(base, minted)).status).toBe(200);
  });

  it('when ALEX does not answer in time, then 504 ALEX_TIMEOUT after the retries a read gets, and the pair still works afterwards', async () => {
    const minted = await mintLaunch(harness.emulator.url);
    harness.emulator.state.failNext(FAULTS.delay(DECODE_ROUTE, 1000, 5));
    const answer = await decode(base, minted);
    expect(answer.status).toBe(504);
    expect(answer.body.error.code).toBe('ALEX_TIMEOUT');
    expect(decodes(harness).length).toBeGreaterThan(1);
    harness.emulator.state.reset();
    expect((await decode(base, minted)).status).toBe(200);
  });

  it('when ALEX answers its standard token 401 once, then the gateway refreshes the token, replays once and the launch succeeds', async () => {
    const minted = await mintLaunch(harness.emulator.url);
    const tokensBefore = harness.emulator.state.tokenRequestCount();
    harness.emulator.state.failNext(FAULTS.unauthorized(DECODE_ROUTE, 1));
    const answer = await decode(base, minted);
    expect(answer.status).toBe(200);
    expect(decodes(harness).map((entry) => entry.status)).toEqual([401, 200]);
    expect(harness.emulator.state.tokenRequestCount()).toBe(tokensBefore + 1);
  });

  it('when ALEX answers the standard token 401 to the replay too, then 502 ALEX_AUTH_FAILED, not LAUNCH_INVALID', async () => {
    const minted = await mintLaunch(harness.emulator.url);
    harness.emulator.state.failNext(FAULTS.unauthorized(DECODE_ROUTE, 2));
    const answer = await decode(base, minted);
    expect(answer.status).toBe(502);
    expect(answer.body.error.code).toBe('ALEX_AUTH_FAILED');
    expect(decodes(harness)).toHaveLength(2);
  });

  // Refusals the gateway must not retry: one decode reaches ALEX, and no new token is fetched.
  it.each([
    {
      when: 'when ALEX answers 401 with another APIM body, then 422 LAUNCH_INVALID at once: no replay, no new token',
      alex: { status: 401, body: { statusCode: 401, message: 'Invalid signature.' } },
      status: 422,
      code: 'LAUNCH_INVALID',
    },
    {
      when: 'when ALEX answers 400, then 422 LAUNCH_INVALID with no retry',
      alex: { status: 400, body: { statusCode: 400, message: 'Bad Request' } },
      status: 422,
      code: 'LAUNCH_INVALID',
    },
    {
      when: 'when ALEX answers 200 with a body that is no launch context, then 502 ALEX_REJECTED',
      alex: { status: 200, body: { hello: 'world' } },
      status: 502,
      code: 'ALEX_REJECTED',
    },
  ])('$when', async ({ alex, status, code }) => {
    const minted = await mintLaunch(harness.emulator.url);
    const tokensBefore = harness.emulator.state.tokenRequestCount();
    harness.emulator.state.failNext({ route: DECODE_ROUTE, kind: 'status', ...alex });
    const answer = await decode(base, minted);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(decodes(harness)).toHaveLength(1);
    expect(harness.emulator.state.tokenRequestCount()).toBe(tokensBefore);
  });
});

describe('launch decode facility and URL', () => {
  it('when the default facility is another practice, then the decode is sent for MEDTECH_FACILITY_ID and the Patient read for the launch practice', async () => {
    const harness = await startGatewayWithEmulator({
      env: { MEDTECH_FACILITY_ID: OTHER_FACILITY, MEDTECH_FACILITY_IDS: `${FACILITY},${OTHER_FACILITY}` },
    });
    try {
      const base = await harness.listen();
      const answer = await decode(base, await mintLaunch(harness.emulator.url));
      expect(answer.status).toBe(200);
      const journal = harness.emulator.state.journal();
      expect(decodes(harness).map((entry) => entry.headers['mt-facilityid'])).toEqual([OTHER_FACILITY]);
      const reads = journal.filter((entry) => entry.route === 'GET /FHIR/Patient');
      expect(reads.map((entry) => entry.headers['mt-facilityid'])).toEqual([FACILITY]);
      expect(Object.keys(harness.gateway.services.alex.breakerStates())).toContain(OTHER_FACILITY);
    } finally {
      await harness.close();
    }
  });

  it('when MEDTECH_LAUNCH_DECODE_URL points where nothing listens, then 504 ALEX_UNREACHABLE', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const harness = await startGatewayWithEmulator({
      env: { MEDTECH_LAUNCH_DECODE_URL: `http://127.0.0.1:${port}/vendorforms/api/getlaunchcontextstring` },
    });
    try {
      const base = await harness.listen();
      const answer = await decode(base, await mintLaunch(harness.emulator.url));
      expect(answer.status).toBe(504);
      expect(answer.body.error.code).toBe('ALEX_UNREACHABLE');
    } finally {
      await harness.close();
    }
  });
});
