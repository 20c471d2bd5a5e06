import { gzipSync } from 'node:zlib';
import { toAppError } from '../../../src/errors';
import { createAlexClient, type AlexClient } from '../../../src/services/alex';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig } from '../../helpers/test-config';
import { blackholePort, closedPort, rawServer } from './raw-servers';

const tokens = { getToken: async () => 'tok', invalidate: () => undefined };
const clients: AlexClient[] = [];

function clientFor(baseUrl: string, env: Record<string, string> = {}) {
  const config = testConfig({
    MEDTECH_API_BASE_URL: `${baseUrl}/FHIR`,
    ALEX_TIMEOUT_MS: '1000',
    ALEX_DEADLINE_MS: '4000',
    ...env,
  });
  const client = createAlexClient({
    config,
    tokens,
    logger: captureLogs().logger,
    sleep: async () => undefined,
  });
  clients.push(client);
  return client;
}

const metadata = {
  facilityId: 'F2N060-E',
  method: 'GET',
  path: 'metadata',
  routeTemplate: 'GET /metadata',
} as const;

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

describe('ALEX client over real sockets', () => {
  it('when ALEX answers 302, then the redirect target is never called and the error is ALEX_REJECTED', async () => {
    const target = await rawServer((_req, res) => res.end('{}'));
    const alex = await rawServer((_req, res) => {
      res.writeHead(302, { Location: `${target.url}/FHIR/metadata` }).end();
    });

    const error = await clientFor(alex.url)
      .request(metadata)
      .catch((caught: unknown) => caught);

    expect(toAppError(error)).toMatchObject({ code: 'ALEX_REJECTED', status: 502 });
    expect(target.hits()).toBe(0);
    expect(alex.hits()).toBe(1);
    await Promise.all([target.close(), alex.close()]);
  });

  it('when ALEX sends more than 20 MB, then the answer is cut off with ALEX_REJECTED (502)', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const alex = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      let sent = 0;
      const pump = () => {
        while (sent < 21 && res.write(chunk)) sent += 1;
        if (sent >= 21) res.end();
        else
          res.once('drain', () => {
            sent += 1;
            pump();
          });
      };
      pump();
    });

    const error = await clientFor(alex.url, { ALEX_TIMEOUT_MS: '5000', ALEX_DEADLINE_MS: '10000' })
      .request(metadata)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'AlexResponseTooLargeError' });
    expect(toAppError(error)).toMatchObject({ code: 'ALEX_REJECTED', status: 502 });
    await alex.close();
  });

  it('when nothing listens, then every attempt is refused and the error is ALEX_UNREACHABLE', async () => {
    const port = await closedPort();

    const error = await clientFor(`http://127.0.0.1:${port}`)
      .request(metadata)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'ECONNREFUSED', reachedServer: false });
    expect(toAppError(error)).toMatchObject({ code: 'ALEX_UNREACHABLE', status: 504 });
  });

  it('when the TCP connection never opens (not allow-listed), then it is ALEX_UNREACHABLE with the allow-list hint', async () => {
    const hole = await blackholePort();

    const error = await clientFor(`http://127.0.0.1:${hole.port}`, {
      ALEX_TIMEOUT_MS: '200',
      ALEX_MAX_ATTEMPTS: '1',
    })
      .request(metadata)
      .catch((caught: unknown) => caught);
    hole.close();

    expect(error).toMatchObject({ name: 'AlexNetworkError', reachedServer: false });
    expect(toAppError(error).code).toBe('ALEX_UNREACHABLE');
    expect(toAppError(error).message).toMatch(/allow-listed/);
  });

  it('when ALEX accepts the connection but never answers, then it is ALEX_TIMEOUT, not ALEX_UNREACHABLE', async () => {
    const alex = await rawServer(() => undefined);

    const error = await clientFor(alex.url, { ALEX_TIMEOUT_MS: '150', ALEX_MAX_ATTEMPTS: '2' })
      .request(metadata)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'AlexTimeoutError', bodySent: true });
    expect(toAppError(error).code).toBe('ALEX_TIMEOUT');
    expect(alex.hits()).toBe(2);
    await alex.close();
  });

  it('when ALEX answers gzip-compressed, then the client asked for it and reads the decoded JSON', async () => {
    let acceptEncoding: string | undefined;
    const alex = await rawServer((req, res) => {
      acceptEncoding = req.headers['accept-encoding'];
      res.writeHead(200, { 'Content-Type': 'application/fhir+json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' })));
    });

    const response = await clientFor(alex.url).request(metadata);

    expect(acceptEncoding).toMatch(/gzip/);
    expect(response.data).toEqual({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    await alex.close();
  });

  it('when a POST carries a body, then ALEX gets it whole with Content-Length, not chunked', async () => {
    const seen: { length?: string; chunked?: string; body: string } = { body: '' };
    const alex = await rawServer((req, res) => {
      seen.length = req.headers['content-length'];
      seen.chunked = req.headers['transfer-encoding'];
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (seen.body += chunk));
      req.on('end', () => res.writeHead(201, { 'Content-Type': 'application/fhir+json' }).end('{"id":"m1"}'));
    });
    const media = { resourceType: 'Media', status: 'completed', note: [{ text: 'Wound — day 3' }] };

    const response = await clientFor(alex.url).request({
      facilityId: 'F2N060-E',
      method: 'POST',
      path: 'Media',
      routeTemplate: 'POST /Media',
      body: media,
    });

    expect(response.status).toBe(201);
    expect(JSON.parse(seen.body)).toEqual(media);
    expect(seen.length).toBe(String(Buffer.byteLength(JSON.stringify(media))));
    expect(seen.chunked).toBeUndefined();
    await alex.close();
  });

  it('when ALEX drops the connection half-way through the answer, then it is a network error that reached ALEX', async () => {
    const alex = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/fhir+json', 'Content-Length': '1000' });
      res.write('{"resourceType":"Bun');
      setTimeout(() => res.socket?.destroy(), 20);
    });

    const error = await clientFor(alex.url, { ALEX_MAX_ATTEMPTS: '1' })
      .request(metadata)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'AlexNetworkError', reachedServer: true });
    expect(toAppError(error).code).toBe('ALEX_TIMEOUT');
    await alex.close();
  });

  it('when the answer starts with a UTF-8 byte order mark, then the JSON is still read', async () => {
    const alex = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      res.end(`\ufeff${JSON.stringify({ resourceType: 'CapabilityStatement' })}`);
    });

    const response = await clientFor(alex.url).request(metadata);

    expect(response.data).toEqual({ resourceType: 'CapabilityStatement' });
    await alex.close();
  });
});
