import fc from 'fast-check';
import request from 'supertest';
import { appRoutes, type AppRoute } from '../openapi/route-walk';
import { startGatewayWithEmulator, type GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { authHeader } from '../../helpers/test-config';

/**
 * QUALITY.md, Safety: bad input of any shape gets a 4xx in the error envelope, never a 500.
 * Random JSON bodies, query strings and path parameters are thrown at every route the real
 * gateway registers, with the API key, with a forged phone token and with no credential.
 */
const HEALTH = new Set(['/health/live', '/health/ready']);

function concretePath(route: AppRoute, param: string): string {
  return route.path.replace(/\{\w+\}/g, encodeURIComponent(param));
}

describe('when random input is sent to every route of the gateway', () => {
  let h: GatewayWithEmulator;
  let routes: AppRoute[];

  beforeAll(async () => {
    h = await startGatewayWithEmulator({
      env: { RATE_LIMIT_PER_MINUTE: '100000', MOBILE_RATE_LIMIT_PER_MINUTE: '100000' },
    });
    routes = appRoutes(h.gateway.app).filter((route) => !HEALTH.has(route.path));
  });
  afterAll(() => h.close());

  it('then the gateway registers the API routes the contract names', () => {
    const paths = routes.map((route) => `${route.method} ${route.path}`);
    expect(paths).toEqual(expect.arrayContaining(['POST /api/integrations/medtech/attachments/commit']));
    expect(routes.length).toBeGreaterThanOrEqual(13);
  });

  it('then no answer is a 5xx, and every 4xx carries the error envelope', async () => {
    const credential = fc.constantFrom<Record<string, string>>(
      authHeader,
      { 'x-mobile-token': 'eyJhbGciOiJIUzI1NiJ9.e30.forged' },
      {},
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.string({ maxLength: 40 }),
        fc.dictionary(
          fc.constantFrom('facilityId', 'nhi', 'patientId', 'variant', 't'),
          fc.string({ maxLength: 20 }),
        ),
        credential,
        async (pick, body, param, query, headers) => {
          const route = routes[pick % routes.length];
          const call = request(h.gateway.app)
            [route.method.toLowerCase() as 'get' | 'post' | 'delete'](concretePath(route, param))
            .query(query)
            .set(headers);
          const response =
            route.method === 'GET'
              ? await call
              : await call.set('Content-Type', 'application/json').send(JSON.stringify(body));
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400 && response.type === 'application/json') {
            expect(response.body.error).toEqual(
              expect.objectContaining({
                code: expect.any(String),
                message: expect.any(String),
                retryable: expect.any(Boolean),
              }),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
