import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { z } from 'zod';
import { AppError } from '../../../src/errors';
import { parseRequest } from '../../../src/middleware/validate';
import { expectEnvelope, foundationApp } from './helpers/foundation-app';

const coding = z.object({ system: z.string(), code: z.string().min(1) });
const commitLike = z.object({
  facilityId: z.string().min(1),
  files: z
    .array(z.object({ fileId: z.string(), meta: z.object({ laterality: coding }) }))
    .min(1)
    .max(10),
});

function appWithRoutes() {
  return foundationApp({
    routes: (router) => {
      router.post('/validated', (req, res) => {
        const body = parseRequest(commitLike, req);
        res.json({ files: body.files.length });
      });
      router.get('/search', (req, res) => {
        const query = parseRequest(z.object({ facilityId: z.string().min(3) }), req, 'query');
        res.json(query);
      });
      router.get('/items/:id', (req, res) => {
        res.json({ id: req.params.id });
      });
      router.get('/busy', () => {
        throw new AppError('ALEX_BUSY', { retryAfterSeconds: 7 });
      });
    },
  });
}

const validBody = {
  facilityId: 'F2N060-E',
  files: [{ fileId: 'f1', meta: { laterality: { system: 'http://snomed.info/sct', code: '7771000' } } }],
};

describe('request errors in the envelope', () => {
  it('when the JSON body is malformed, then 400 VALIDATION_FAILED without the parser message', async () => {
    const { app } = appWithRoutes();

    const response = await request(app)
      .post('/api/validated')
      .set('Content-Type', 'application/json')
      .send('{"facilityId": "F2N060-E", "files": [');

    expect(response.status).toBe(400);
    expectEnvelope(response.body, 'VALIDATION_FAILED');
    expect(response.text).not.toMatch(/Unexpected|SyntaxError|position/);
  });

  it('when a JSON body comes chunked, without a Content-Length, then it is parsed all the same', async () => {
    const { app } = appWithRoutes();
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const outgoing = httpRequest(
          {
            port,
            host: '127.0.0.1',
            method: 'POST',
            path: '/api/validated',
            headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
          },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          },
        );
        outgoing.on('error', reject);
        const text = JSON.stringify(validBody);
        outgoing.write(text.slice(0, 10));
        outgoing.write(text.slice(10));
        outgoing.end();
      });

      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ files: 1 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when a POST has no body at all, then 400 VALIDATION_FAILED, as for an empty one', async () => {
    const { app } = appWithRoutes();

    const response = await request(app).post('/api/validated');

    expect(response.status).toBe(400);
    expectEnvelope(response.body, 'VALIDATION_FAILED');
  });

  it('when the JSON body is a bare string, then 400 VALIDATION_FAILED (only objects and arrays)', async () => {
    const { app } = appWithRoutes();

    const response = await request(app)
      .post('/api/validated')
      .set('Content-Type', 'application/json')
      .send('"x"');

    expect(response.status).toBe(400);
    expectEnvelope(response.body, 'VALIDATION_FAILED');
  });

  it('when the JSON body is 2 MB, then 413 PAYLOAD_TOO_LARGE', async () => {
    const { app } = appWithRoutes();
    const big = JSON.stringify({ facilityId: 'F2N060-E', padding: 'x'.repeat(2 * 1024 * 1024) });

    const response = await request(app)
      .post('/api/validated')
      .set('Content-Type', 'application/json')
      .send(big);

    expect(response.status).toBe(413);
    expectEnvelope(response.body, 'PAYLOAD_TOO_LARGE');
  });

  it('when the body fails the zod schema, then 400 names each field path', async () => {
    const { app } = appWithRoutes();
    const body = {
      facilityId: 'F2N060-E',
      files: [{ fileId: 'f1', meta: { laterality: { system: 'http://snomed.info/sct', code: 42 } } }],
    };

    const response = await request(app).post('/api/validated').send(body);

    expect(response.status).toBe(400);
    const error = expectEnvelope(response.body, 'VALIDATION_FAILED');
    expect(error.details).toEqual([{ path: 'files.0.meta.laterality.code', problem: expect.any(String) }]);
  });

  it('when a nested object is missing, then its own path is named', async () => {
    const { app } = appWithRoutes();

    const response = await request(app)
      .post('/api/validated')
      .send({ facilityId: 'F2N060-E', files: [{ fileId: 'f1', meta: {} }] });

    expect(expectEnvelope(response.body).details).toEqual([
      { path: 'files.0.meta.laterality', problem: expect.any(String) },
    ]);
  });

  it('when there are too many files and no facility, then every problem is listed', async () => {
    const { app } = appWithRoutes();

    const response = await request(app)
      .post('/api/validated')
      .send({ files: Array.from({ length: 11 }, () => validBody.files[0]) });

    const paths = (expectEnvelope(response.body).details as Array<{ path: string }>)
      .map((d) => d.path)
      .sort();
    expect(paths).toEqual(['facilityId', 'files']);
  });

  it('when no body is sent at all, then the whole body is reported invalid with 400', async () => {
    const { app } = appWithRoutes();

    const response = await request(app).post('/api/validated');

    expect(response.status).toBe(400);
    expectEnvelope(response.body, 'VALIDATION_FAILED');
  });

  it('when the body is valid, then the route answers 200', async () => {
    const { app } = appWithRoutes();

    const response = await request(app).post('/api/validated').send(validBody);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ files: 1 });
  });

  it('when the query fails its schema, then the path is prefixed with "query"', async () => {
    const { app } = appWithRoutes();

    const response = await request(app).get('/api/search?facilityId=x');

    expect(expectEnvelope(response.body, 'VALIDATION_FAILED').details).toEqual([
      { path: 'query.facilityId', problem: expect.any(String) },
    ]);
  });

  it('when a route parameter is badly percent-encoded, then 400 VALIDATION_FAILED, not 500', async () => {
    const { app } = appWithRoutes();

    const response = await request(app).get('/api/items/%E0%A4%A');

    expect(response.status).toBe(400);
    expectEnvelope(response.body, 'VALIDATION_FAILED');
    expect(response.text).not.toContain('decode');
  });

  it.each(['/api/no-such-route', '/api/', '/nowhere', '/api/validated/extra'])(
    'when %s is requested, then 404 NOT_FOUND',
    async (path) => {
      const { app } = appWithRoutes();

      const response = await request(app).get(path);

      expect(response.status).toBe(404);
      expectEnvelope(response.body, 'NOT_FOUND');
    },
  );

  it('when an AppError carries retryAfterSeconds, then the Retry-After header says so', async () => {
    const { app } = appWithRoutes();

    const response = await request(app).get('/api/busy');

    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(expectEnvelope(response.body, 'ALEX_BUSY').retryable).toBe(true);
  });

  it('when the body has an unsupported charset, then 415 in the envelope', async () => {
    const { app } = appWithRoutes();

    const response = await request(app)
      .post('/api/validated')
      .set('Content-Type', 'application/json; charset=ebcdic')
      .send('{}');

    expect(response.status).toBe(415);
    expectEnvelope(response.body, 'UNSUPPORTED_MEDIA_TYPE');
  });
});
