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
});
