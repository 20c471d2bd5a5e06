import request from 'supertest';
import { createApp } from '../../../src/app';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { ReadinessRegistry } from '../../../src/health/readiness';
import { ShutdownState } from '../../../src/middleware/shutdown-guard';
import { pageRoutes, type PageRoutesOptions } from '../../../src/routes/pages';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig } from '../../helpers/test-config';
import { FACILITY, PROVIDER, SEED_PATIENT } from './launch-harness';

function pages(options: PageRoutesOptions) {
  return createApp({
    config: testConfig(),
    logger: captureLogs('error').logger,
    readiness: new ReadinessRegistry(),
    shutdown: new ShutdownState(),
    pageRouters: [pageRoutes(options)],
  });
}

/** `POST /demo/launch`: the demo's same-origin way to have the embedded emulator play Evolution. */
describe('demo launch route', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(() => emulator.close());

  it('when the emulator is embedded, then config.json offers the launch and the route mints one on the emulator', async () => {
    const app = pages({ production: false, emulatorUrl: emulator.url });
    const config = await request(app).get('/demo/config.json').expect(200);
    expect(config.body.emulatorLaunch).toBe(true);

    const minted = await request(app)
      .post('/demo/launch')
      .send({ facilityId: FACILITY, patientId: SEED_PATIENT.id, providerId: PROVIDER })
      .expect(201);
    expect(minted.headers['cache-control']).toBe('no-store');
    const context = JSON.parse(Buffer.from(minted.body.context, 'base64').toString('utf8'));
    expect(context).toMatchObject({
      facilityCode: FACILITY,
      patientId: SEED_PATIENT.id,
      providerId: PROVIDER,
    });
    expect(emulator.state.launches.check(minted.body.context, minted.body.signature).kind).toBe('decoded');
  });

  it('when the page sends more than the three ids, then only those reach the emulator', async () => {
    const app = pages({ production: false, emulatorUrl: emulator.url });
    const minted = await request(app)
      .post('/demo/launch')
      .send({
        facilityId: FACILITY,
        patientId: null,
        createdTime: '2020-01-01T00:00:00Z',
        launchBaseUrl: 'https://evil.example/',
      })
      .expect(201);
    expect(minted.body.launchUrl.startsWith('http://localhost:3001/medtech-images/launch?')).toBe(true);
    expect(minted.body.createdTime.startsWith('2020')).toBe(false);
  });

  it('when the emulator refuses the body, then its 400 comes back', async () => {
    const app = pages({ production: false, emulatorUrl: emulator.url });
    await request(app).post('/demo/launch').send({ facilityId: 7 }).expect(400);
  });

  it('when there is no embedded emulator or the gateway runs in production, then the route does not exist', async () => {
    await request(pages({ production: false }))
      .post('/demo/launch')
      .send({})
      .expect(404);
    await request(pages({ production: true, emulatorUrl: emulator.url }))
      .post('/demo/launch')
      .send({})
      .expect(404);
    const config = await request(pages({ production: false }))
      .get('/demo/config.json')
      .expect(200);
    expect(config.body.emulatorLaunch).toBeUndefined();
  });
});
