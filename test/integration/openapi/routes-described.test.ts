import { buildGateway, type Gateway } from '../../../src/bootstrap';
import { buildOpenApiDocument } from '../../../src/openapi';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig } from '../../helpers/test-config';
import { appRoutes, type AppRoute } from './route-walk';

/**
 * Routes the app serves that are deliberately not in the API description: HTML pages for people
 * (the phone page the QR code opens, the demo) and the demo's own settings. They are user
 * interfaces, not API a client integrates with; the document's description says so.
 */
const NOT_API = new Set(['GET /mobile', 'GET /demo', 'GET /demo/config.json', 'POST /demo/launch']);

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const key = (route: AppRoute) => `${route.method} ${route.path}`;

describe('the OpenAPI document and the routes of the built gateway', () => {
  let gateway: Gateway;
  let registered: string[];
  let described: string[];

  beforeAll(async () => {
    const config = testConfig();
    gateway = await buildGateway(config, captureLogs().logger);
    registered = [...new Set(appRoutes(gateway.app).map(key))].sort();
    described = Object.entries(buildOpenApiDocument(gateway.config).paths ?? {})
      .flatMap(([path, item]) =>
        METHODS.filter((method) => method in (item as object)).map(
          (method) => `${method.toUpperCase()} ${path}`,
        ),
      )
      .sort();
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('when the gateway is built, then the walk finds its routes (under /api and at the root)', () => {
    expect(registered).toEqual(
      expect.arrayContaining(['GET /health/live', 'GET /api/integrations/medtech/capabilities']),
    );
  });

  it('when the app registers a route, then the document describes it (or it is a listed HTML page)', () => {
    const undocumented = registered.filter((route) => !described.includes(route) && !NOT_API.has(route));
    expect(undocumented).toEqual([]);
  });

  it('when the document describes an operation, then the app registers it', () => {
    const missing = described.filter((route) => !registered.includes(route));
    expect(missing).toEqual([]);
  });

  it('when a page is excluded from the document, then the app really serves it (the list is not stale)', () => {
    expect([...NOT_API].filter((route) => !registered.includes(route))).toEqual([]);
  });
});
