import request from 'supertest';
import { buildGateway, type Gateway } from '../../../src/bootstrap';
import { captureLogs } from '../../helpers/log-capture';
import { authHeader, testConfig } from '../../helpers/test-config';

/**
 * CONFIG.md: MEDTECH_FACILITY_IDS (default: MEDTECH_FACILITY_ID) is the list of practices the
 * gateway acts for, and GATEWAY-API.md answers any other with 403 FACILITY_NOT_ALLOWED. That
 * holds in emulator mode too, although the embedded emulator seeds a second practice.
 */
describe('facility allow-list in emulator mode', () => {
  const SECOND_SEEDED_FACILITY = 'F99669-C';
  let gateway: Gateway | undefined;

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  async function start(env: Record<string, string>): Promise<Gateway> {
    gateway = await buildGateway(testConfig(env), captureLogs('error').logger);
    return gateway;
  }

  it.each([
    ['MEDTECH_FACILITY_IDS names only the first practice', { MEDTECH_FACILITY_IDS: 'F2N060-E' }],
    ['MEDTECH_FACILITY_IDS is unset', {}],
  ])(
    'when %s, then the other seeded practice gets 403 FACILITY_NOT_ALLOWED',
    async (_label, env: Record<string, string>) => {
      const { app, config } = await start(env);
      expect(config.medtech.facilityIds).toEqual(['F2N060-E']);

      const refused = await request(app)
        .get(`/api/medtech/test?facilityId=${SECOND_SEEDED_FACILITY}`)
        .set(authHeader)
        .expect(403);
      expect(refused.body.error).toMatchObject({ code: 'FACILITY_NOT_ALLOWED', retryable: false });
      expect(refused.headers['x-correlation-id']).toBe(refused.body.error.correlationId);

      await request(app).get('/api/medtech/test?facilityId=F2N060-E').set(authHeader).expect(200);
    },
  );

  it('when MEDTECH_FACILITY_IDS lists both seeded practices, then both are served', async () => {
    const { app } = await start({ MEDTECH_FACILITY_IDS: `F2N060-E,${SECOND_SEEDED_FACILITY}` });
    const answer = await request(app)
      .get(`/api/medtech/test?facilityId=${SECOND_SEEDED_FACILITY}`)
      .set(authHeader)
      .expect(200);
    expect(answer.body).toMatchObject({ ok: true, facilityId: SECOND_SEEDED_FACILITY, patientFound: true });
  });
});
