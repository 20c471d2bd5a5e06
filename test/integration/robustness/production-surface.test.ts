import request from 'supertest';
import { DEV_API_KEY, loadConfig, type Config } from '../../../src/config';
import { buildGateway, type Gateway } from '../../../src/bootstrap';
import { captureLogs } from '../../helpers/log-capture';

/**
 * QUALITY.md, Safety: in production the gateway never starts the emulator, and the demo (which
 * offers test patients and, in emulator mode, the public dev key) does not exist.
 */
const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  MEDTECH_CLIENT_ID: 'prod-client-id',
  MEDTECH_CLIENT_SECRET: 'prod-client-secret-0000000000000000000000',
  MEDTECH_TENANT_ID: 'prod-tenant',
  MEDTECH_API_SCOPE: 'api://alex/.default',
  // Never called: nothing here reaches ALEX.
  MEDTECH_TOKEN_URL: 'http://127.0.0.1:9/token',
  MEDTECH_API_BASE_URL: 'http://127.0.0.1:9/FHIR',
  GATEWAY_API_KEYS: 'prod-api-key-0000000000000000000000000001',
  MOBILE_TOKEN_SECRET: 'prod-mobile-secret-000000000000000000000001',
  METRICS_TOKEN: 'prod-metrics-token-000000000000000000000001',
};

describe('the production surface', () => {
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('when in production, then /demo, its config and the dev key are all refused', async () => {
    gateway = await buildGateway(loadConfig(PRODUCTION_ENV), captureLogs().logger);

    for (const path of ['/demo', '/demo/', '/demo/config.json', '/demo/demo.js']) {
      const response = await request(gateway.app).get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    await request(gateway.app)
      .get('/api/integrations/medtech/capabilities')
      .set('Authorization', `Bearer ${DEV_API_KEY}`)
      .expect(401);
    expect(gateway.emulator).toBeUndefined();
  });

  it('when a production config somehow says emulator mode, then no emulator is started', async () => {
    const config = structuredClone(loadConfig(PRODUCTION_ENV)) as Config;
    config.medtech.mode = 'emulator';

    gateway = await buildGateway(config, captureLogs().logger);

    expect(gateway.emulator).toBeUndefined();
    expect(gateway.config.medtech.apiBaseUrl).toBe(PRODUCTION_ENV.MEDTECH_API_BASE_URL);
  });
});
