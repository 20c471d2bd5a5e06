import fc from 'fast-check';
import request from 'supertest';
import { z } from 'zod';
import { apiKeyAuth } from '../../../src/middleware/api-key-auth';
import { parseRequest } from '../../../src/middleware/validate';
import { foundationApp } from './helpers/foundation-app';

const coding = z.object({ system: z.string(), code: z.string().min(1) });
const commitLike = z.object({
  facilityId: z.string().min(1),
  files: z
    .array(z.object({ fileId: z.string(), meta: z.object({ laterality: coding.optional() }) }))
    .min(1)
    .max(10),
});

function appUnderFire() {
  return foundationApp({
    env: { RATE_LIMIT_PER_MINUTE: '1000000' },
    routes: (router, { config }) => {
      router.post('/echo', (req, res) => {
        res.json({ received: req.body as unknown });
      });
      router.post('/validated', (req, res) => {
        res.json({ files: parseRequest(commitLike, req).files.length });
      });
      router.get('/search', (req, res) => {
        res.json(
          parseRequest(z.object({ facilityId: z.string().min(3), nhi: z.string().optional() }), req, 'query'),
        );
      });
      router.get('/items/:id', (req, res) => {
        res.json({ id: req.params.id });
      });
      router.get('/protected', apiKeyAuth(config.auth.apiKeys), (_req, res) => {
        res.json({ ok: true });
      });
    },
  });
}

/** Never a 5xx; every 4xx is the envelope, with no stack. */
function expectSafe(response: request.Response): void {
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.body).toEqual({
      error: {
        code: expect.any(String),
        message: expect.any(String),
        correlationId: expect.any(String),
        retryable: expect.any(Boolean),
        details: expect.any(Array),
      },
    });
    expect(response.text).not.toMatch(/\bat .*:\d+:\d+|node_modules/);
  }
}

const printable = fc.string({
  unit: fc.constantFrom(...' !"#$%&\'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~é'.split('')),
});

describe('random input never breaks the gateway', () => {
  const { app } = appUnderFire();

  it('when any JSON value is POSTed to the echo or the validated route, then never a 500 and 4xx is the envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue(),
        fc.constantFrom('/api/echo', '/api/validated'),
        async (value, path) => {
          const response = await request(app)
            .post(path)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(value));
          expectSafe(response);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('when an arbitrary string is sent as application/json, then never a 500 and 4xx is the envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          printable,
          fc.json().map((json) => json.slice(0, -1)),
        ),
        fc.constantFrom('/api/echo', '/api/validated', '/api/nowhere'),
        async (raw, path) => {
          const response = await request(app).post(path).set('Content-Type', 'application/json').send(raw);
          expectSafe(response);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('when arbitrary paths and query strings are requested, then never a 500 and 4xx is the envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('', '/api', '/api/items', '/api/search', '/health'),
        fc.webPath(),
        fc.webQueryParameters(),
        fc.constantFrom('GET', 'POST', 'DELETE'),
        async (prefix, path, query, method) => {
          const url = `${prefix}${path.startsWith('/') ? path : `/${path}`}${query ? `?${query}` : ''}`;
          const response =
            await request(app)[method === 'GET' ? 'get' : method === 'POST' ? 'post' : 'delete'](url);
          expectSafe(response);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('when arbitrary Authorization headers are sent to a protected route, then 401 or 200, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(printable, async (header) => {
        const response = await request(app)
          .get('/api/protected')
          .set('Authorization', header.trim() || 'x');
        expectSafe(response);
        expect([200, 401]).toContain(response.status);
      }),
      { numRuns: 100 },
    );
  });

  it('when a route parameter holds any percent sequence, valid or broken, then never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^%[0-9A-F]{0,2}(%[0-9A-F]{1,2}){0,3}$/), async (param) => {
        const response = await request(app).get(`/api/items/${param}`);
        expectSafe(response);
      }),
      { numRuns: 100 },
    );
  });
});
