import request from 'supertest';
import { createApp } from '../../../src/app';
import { ReadinessRegistry } from '../../../src/health/readiness';
import { ShutdownState } from '../../../src/middleware/shutdown-guard';
import { docsRoutes } from '../../../src/routes/docs';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig } from '../../helpers/test-config';

const PRODUCTION = {
  NODE_ENV: 'production',
  MEDTECH_CLIENT_ID: 'client',
  MEDTECH_CLIENT_SECRET: 'secret-secret-secret-secret-secret',
  MEDTECH_TENANT_ID: 'tenant',
  MEDTECH_API_SCOPE: 'api://scope/.default',
  METRICS_TOKEN: 'metrics-token-00000000000000000000000001',
};

function appWith(env: Record<string, string> = {}) {
  const config = testConfig(env);
  return createApp({
    config,
    logger: captureLogs().logger,
    readiness: new ReadinessRegistry(),
    shutdown: new ShutdownState(),
    pageRouters: [docsRoutes({ config })],
  });
}

describe('GET /openapi.json', () => {
  it('when asked without credentials, then it answers the OpenAPI 3.1 document as JSON', async () => {
    const response = await request(appWith()).get('/openapi.json');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.openapi).toMatch(/^3\.1\.\d+$/);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/health/ready',
        '/api/integrations/medtech/attachments/commit',
        '/openapi.json',
      ]),
    );
  });

  it('when in production, then it is still served (the contract is public) but /docs is not described', async () => {
    const response = await request(appWith(PRODUCTION)).get('/openapi.json');

    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).not.toContain('/docs');
  });
});

describe('GET /docs', () => {
  it('when outside production, then it answers the Swagger UI page, pointing at /openapi.json', async () => {
    const app = appWith();
    const page = await request(app).get('/docs');
    const init = await request(app).get('/docs/assets/swagger-ui-init.js');

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<div id="swagger-ui"></div>');
    expect(init.status).toBe(200);
    expect(init.headers['content-type']).toMatch(/javascript/);
    expect(init.text).toContain('"/openapi.json"');
  });

  it('when the page is served, then it has no inline script or style, so the strict CSP needs no exception', async () => {
    const page = await request(appWith()).get('/docs');

    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/style-src 'self'/);
    const scripts = page.text.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBe(3);
    for (const tag of scripts) expect(tag).toMatch(/ src="\/docs\/assets\/[\w.-]+\.js"/);
    expect(page.text).not.toMatch(/<style\b|\sstyle=|\son\w+=/i);
  });

  it('when every asset the page names is fetched, then each is served from this origin', async () => {
    const app = appWith();
    const page = await request(app).get('/docs');
    const assets = [...page.text.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map(
      (match) => match[1],
    );

    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      const response = await request(app).get(asset);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
    }
  });

  it('when a Swagger UI file the page does not use is asked for, then it is 404 in the envelope', async () => {
    const app = appWith();
    for (const path of [
      '/docs/assets/index.html',
      '/docs/assets/package.json',
      '/docs/assets/swagger-initializer.js',
    ]) {
      const response = await request(app).get(path);
      expect({ path, status: response.status, code: response.body.error?.code }).toEqual({
        path,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
  });

  it('when in production, then /docs and its assets are 404', async () => {
    const app = appWith(PRODUCTION);

    const page = await request(app).get('/docs');
    const asset = await request(app).get('/docs/assets/swagger-ui-bundle.js');

    expect(page.status).toBe(404);
    expect(page.body.error.code).toBe('NOT_FOUND');
    expect(asset.status).toBe(404);
  });

  it('when in production with API_DOCS_ENABLED=true, then /docs is served', async () => {
    const response = await request(appWith({ ...PRODUCTION, API_DOCS_ENABLED: 'true' })).get('/docs');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
  });

  it('when outside production with API_DOCS_ENABLED=false, then /docs is 404', async () => {
    const response = await request(appWith({ API_DOCS_ENABLED: 'false' })).get('/docs');

    expect(response.status).toBe(404);
  });
});
