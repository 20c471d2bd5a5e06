import Redis from 'ioredis';
import { pairHash } from '../../../src/services/launch';
import { createRedisStore } from '../../../src/stores/redis-store';
import type { KeyValueStore } from '../../../src/stores/types';
import { startGatewayWithEmulator, type GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../stores/redis-helpers';
import { LAUNCH, callGateway, decode, mintLaunch } from './launch-harness';

/** Two gateway processes as PM2 cluster mode runs them: separate apps, one real Redis, one ALEX. */
describe('launch replay across two gateway instances sharing Redis (STORE=redis)', () => {
  const prefix = uniquePrefix();
  let stores: KeyValueStore[];
  let first: GatewayWithEmulator;
  let second: GatewayWithEmulator;
  let firstUrl: string;
  let secondUrl: string;

  beforeAll(async () => {
    stores = [0, 1].map(() => createRedisStore({ url: REDIS_URL, keyPrefix: prefix }));
    const env = { STORE: 'redis', REDIS_URL };
    first = await startGatewayWithEmulator({ env, store: stores[0] });
    firstUrl = await first.listen();
    // The second instance talks to the first one's emulator: one ALEX, one signing secret.
    const { credentials } = first.emulator;
    second = await startGatewayWithEmulator({
      env: {
        ...env,
        MEDTECH_CLIENT_ID: credentials.clientId,
        MEDTECH_TOKEN_URL: first.emulator.tokenUrl,
        MEDTECH_API_BASE_URL: first.emulator.fhirBaseUrl,
      },
      store: stores[1],
    });
    secondUrl = await second.listen();
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    for (const store of stores) await store.close();
    await deletePrefix(prefix);
  });

  it('when a pair decoded on one instance is sent to the other, then the other answers 409 LAUNCH_ALREADY_USED', async () => {
    const minted = await mintLaunch(first.emulator.url);
    expect((await decode(firstUrl, minted)).status).toBe(200);
    const replay = await decode(secondUrl, minted);
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('LAUNCH_ALREADY_USED');
  });

  it('when both instances decode the same pair at once, then exactly one succeeds', async () => {
    const minted = await mintLaunch(first.emulator.url);
    const answers = await Promise.all([decode(firstUrl, minted), decode(secondUrl, minted)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  });

  it('when a launch decoded on one instance is reloaded on the other, then the other returns the same answer', async () => {
    const decoded = await decode(firstUrl, await mintLaunch(first.emulator.url));
    const reloaded = await callGateway(secondUrl, 'GET', `${LAUNCH}/${decoded.body.launchId}`);
    expect(reloaded.status).toBe(200);
    expect(reloaded.body).toEqual(decoded.body);
  });

  it('when a pair was used, then Redis holds its SHA-256 with a TTL of the window, and never the pair itself', async () => {
    const minted = await mintLaunch(first.emulator.url);
    expect((await decode(firstUrl, minted)).status).toBe(200);
    const admin = new Redis(REDIS_URL);
    try {
      const key = `${prefix}launch-used:${pairHash(minted)}`;
      const ttl = await admin.ttl(key);
      expect(ttl).toBeGreaterThan(300);
      expect(ttl).toBeLessThanOrEqual(360);
      const keys: string[] = [];
      for await (const batch of admin.scanStream({ match: `${prefix}*`, count: 500 }))
        keys.push(...(batch as string[]));
      expect(keys.length).toBeGreaterThan(0);
      for (const name of keys) {
        const value = (await admin.get(name)) ?? '';
        expect(`${name}${value}`).not.toContain(minted.context);
        expect(`${name}${value}`).not.toContain(minted.signature);
      }
    } finally {
      await admin.quit();
    }
  });
});
