import Redis from 'ioredis';
import {
  createRedisBus,
  sessionChannel,
  type EventBus,
  type EventNotice,
} from '../../../src/services/events';
import { REDIS_URL, uniquePrefix } from '../stores/redis-helpers';

/** The Redis pub/sub bus against the real Redis on 6379, each test on its own prefix. */
const buses: EventBus[] = [];
const bus = (prefix: string) => {
  const created = createRedisBus({ url: REDIS_URL, prefix });
  buses.push(created);
  return created;
};
afterEach(async () => {
  for (const created of buses.splice(0)) await created.close();
});

const heard = (target: EventNotice[], count: number, timeoutMs = 3000) =>
  new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const check = () => {
      if (target.length >= count) return resolve();
      if (Date.now() > deadline) return reject(new Error(`heard ${target.length} of ${count}`));
      setTimeout(check, 10);
    };
    check();
  });

describe('Redis event bus', () => {
  it('when one bus publishes, then a subscriber on another connection hears it, ids only, and another session does not', async () => {
    const prefix = uniquePrefix();
    const [publisher, subscriber] = [bus(prefix), bus(prefix)];
    const mine: EventNotice[] = [];
    const other: EventNotice[] = [];
    await subscriber.subscribe('s1', (notice) => mine.push(notice));
    await subscriber.subscribe('s2', (notice) => other.push(notice));

    publisher.publish({ kind: 'file', sessionId: 's1', fileId: 'f1' });
    publisher.publish({ kind: 'session', sessionId: 's1' });
    await heard(mine, 2);

    expect(mine).toEqual([
      { kind: 'file', sessionId: 's1', fileId: 'f1' },
      { kind: 'session', sessionId: 's1' },
    ]);
    expect(other).toEqual([]);
  });

  it('when two gateways share a Redis with different prefixes, then neither hears the other', async () => {
    const [a, b] = [bus(uniquePrefix()), bus(uniquePrefix())];
    const heardByB: EventNotice[] = [];
    await b.subscribe('s1', (notice) => heardByB.push(notice));

    a.publish({ kind: 'session', sessionId: 's1' });
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(heardByB).toEqual([]);
  });

  it('when a message on the channel is not a notice, then it is ignored; after unsubscribing nothing is heard', async () => {
    const prefix = uniquePrefix();
    const subscriber = bus(prefix);
    const notices: EventNotice[] = [];
    const stop = await subscriber.subscribe('s1', (notice) => notices.push(notice));
    const raw = new Redis(REDIS_URL);
    try {
      await raw.publish(sessionChannel(prefix, 's1'), 'not json');
      await raw.publish(sessionChannel(prefix, 's1'), JSON.stringify({ kind: 'file', sessionId: 's1' }));
      await raw.publish(sessionChannel(prefix, 's1'), JSON.stringify({ kind: 'session', sessionId: 's1' }));
      await heard(notices, 1);
      stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await raw.publish(sessionChannel(prefix, 's1'), JSON.stringify({ kind: 'session', sessionId: 's1' }));
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await raw.quit();
    }

    expect(notices).toEqual([{ kind: 'session', sessionId: 's1' }]);
  });
});
