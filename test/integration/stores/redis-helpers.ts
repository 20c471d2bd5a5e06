import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

/** The real Redis these tests use; never a mock. */
export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix no other test run shares. */
export const uniquePrefix = () => `test:${randomUUID()}:`;

/** Removes every key under `prefix` (SCAN, not KEYS, so a shared Redis is not blocked). */
export async function deletePrefix(prefix: string): Promise<void> {
  const admin = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await admin.quit();
  }
}
