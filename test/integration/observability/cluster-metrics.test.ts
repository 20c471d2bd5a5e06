import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Redis from 'ioredis';
import { sampleValue } from '../../helpers/prometheus-text';
import { PROJECT_ROOT, spawnChild, waitUntil, type Child } from '../process/support/process-tools';

jest.setTimeout(90_000);

const WORKER = path.join(__dirname, 'support', 'metrics-worker.ts');
const prefix = `test:metrics:${randomUUID()}:`;

interface Worker {
  child: Child;
  port: number;
}

async function startWorker(env: Record<string, string>): Promise<Worker> {
  // node itself, not the tsx wrapper, so a SIGKILL reaches the worker and not only a launcher.
  const child = spawnChild(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, METRICS_TEST_PREFIX: prefix, ...env },
  });
  let port = 0;
  await waitUntil(
    () => {
      const match = /listening (\d+)/.exec(child.stdout());
      if (match) port = Number(match[1]);
      return port > 0;
    },
    60_000,
    `a metrics worker to listen (${child.stderr()})`,
  );
  return { child, port };
}

async function scrape(worker: Worker): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${worker.port}/metrics`, {
    headers: { Authorization: 'Bearer worker-test-token' },
  });
  expect(response.status).toBe(200);
  return response.text();
}

async function hit(worker: Worker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const response = await fetch(`http://127.0.0.1:${worker.port}/work/${randomUUID()}`);
    expect(response.status).toBe(200);
  }
}

describe('metrics across two processes on Redis', () => {
  let a: Worker;
  let b: Worker;
  const redis = new Redis();

  beforeAll(async () => {
    [a, b] = await Promise.all([startWorker({ BREAKER_OPEN: '0' }), startWorker({ BREAKER_OPEN: '1' })]);
  });
  afterAll(async () => {
    for (const worker of [a, b])
      if (worker && worker.child.process.exitCode === null) worker.child.process.kill('SIGKILL');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('when each worker served requests, then a scrape of either one sums counters and histograms and takes the max breaker', async () => {
    await hit(a, 3);
    await hit(b, 2);
    // Both publish every 200 ms: wait until the other worker's snapshot carries its requests.
    let fromA = '';
    let fromB = '';
    await waitUntil(
      async () => {
        fromA = await scrape(a);
        fromB = await scrape(b);
        const count = (text: string) => sampleValue(text, 'http_requests_total', { route: '/work/:id' });
        return count(fromA) === 5 && count(fromB) === 5;
      },
      10_000,
      'both scrapes to cover both workers',
    );

    for (const text of [fromA, fromB]) {
      const alex = { facility: 'F2N060-E', operation: 'POST /Media', status: '201' };
      expect(sampleValue(text, 'alex_requests_total', alex)).toBe(5);
      expect(sampleValue(text, 'alex_request_duration_seconds_bucket', { ...alex, le: '1' })).toBe(0);
      expect(sampleValue(text, 'alex_request_duration_seconds_bucket', { ...alex, le: '1.5' })).toBe(5);
      expect(sampleValue(text, 'alex_request_duration_seconds_sum', alex)).toBeCloseTo(7.5);
      expect(sampleValue(text, 'alex_breaker_open', { facility: 'F2N060-E' })).toBe(1);
      expect(sampleValue(text, 'alex_breaker_open', { facility: 'F99669-C' })).toBe(0);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/);
    }
  });

  it('when one worker is gone, then its snapshot expires and the other scrapes alone', async () => {
    b.child.process.kill('SIGKILL');
    await b.child.exited;

    await waitUntil(
      async () => sampleValue(await scrape(a), 'http_requests_total', { route: '/work/:id' }) === 3,
      10_000,
      'the dead worker to drop out',
    );
    expect(sampleValue(await scrape(a), 'alex_breaker_open', { facility: 'F2N060-E' })).toBe(0);
  });
});
