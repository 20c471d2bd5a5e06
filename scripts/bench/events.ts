/**
 * `npm run bench:events` (QUALITY.md: phone upload done -> the desktop's event stream shows the
 * file `ready`, p95 under 100 ms). Starts the real gateway (src/server.ts through tsx, emulator
 * mode) as child processes and, from this process, opens the desktop's stream (eventsUrl with
 * its desktop token) and uploads photos one after another as the phone does. For each upload it
 * measures the time from the upload's response to the stream's `file` event with `ready` for
 * that file (0 when the event came first: the stream can beat the response).
 *
 * Two runs: one gateway process on the memory store, then two processes on Redis
 * (127.0.0.1:6379, a unique REDIS_KEY_PREFIX) with the stream on A and the uploads on B, so every
 * event crosses Redis pub/sub. Prints p50, p95 and max of each.
 *
 * Usage: tsx scripts/bench/events.ts [--uploads 60] [--redis redis://127.0.0.1:6379]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { openSse } from '../../test/helpers/sse-client';
import { freePort, numberArg, stringArg } from './bench-tools';

const ROOT = path.join(__dirname, '..', '..');
const API = '/api/integrations/medtech';
const API_KEY = 'bench-api-key-0000000000000000000000001';
const SECRET = 'bench-mobile-secret-000000000000000000001';
const UPLOADS = numberArg('uploads', 60);
const REDIS_URL = stringArg('redis', 'redis://127.0.0.1:6379');

async function startGateway(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      GATEWAY_API_KEYS: API_KEY,
      MOBILE_TOKEN_SECRET: SECRET,
      GATEWAY_PUBLIC_URL: url,
      MOBILE_RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...env,
    },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health/live`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the gateway did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the gateway's JSON, read by field name
async function json(url: string, init: RequestInit): Promise<any> {
  const response = await fetch(url, init);
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${init.method} ${new URL(url).pathname} -> ${response.status}`);
  return body;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Runs UPLOADS uploads through `uploadUrl`'s gateway while the stream listens on `streamUrl`'s. */
async function run(label: string, streamBase: string, uploadBase: string) {
  const session = await json(`${streamBase}${API}/mobile/initiate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      encounterId: `bench-${randomUUID()}`,
      patientId: 'pat-bench',
      facilityId: 'F2N060-E',
    }),
  });
  const phone = { 'x-mobile-token': new URL(session.mobileUploadUrl).searchParams.get('t') as string };
  const stream = await openSse(session.eventsUrl);
  await stream.next();
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a4a30' } })
    .jpeg({ quality: 85 })
    .toBuffer();

  const latencies: number[] = [];
  for (let i = 0; i < UPLOADS; i++) {
    const declared = await json(`${uploadBase}${API}/attachments/upload-initiate`, {
      method: 'POST',
      headers: { ...phone, 'content-type': 'application/json' },
      body: JSON.stringify({
        files: [{ clientRef: `b${i}`, contentType: 'image/jpeg', sizeBytes: photo.length }],
      }),
    });
    const { fileId, uploadUrl } = declared.files[0];
    let eventAt: number | undefined;
    const ready = stream
      .next((e) => e.event === 'file' && e.data.fileId === fileId && e.data.status === 'ready', 10_000)
      .then(() => (eventAt = performance.now()));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
    const response = await fetch(uploadBase + uploadUrl, { method: 'POST', headers: phone, body: form });
    const answeredAt = performance.now();
    if (!response.ok) throw new Error(`upload ${i} -> ${response.status}`);
    await response.arrayBuffer();
    await ready;
    latencies.push(Math.max(0, (eventAt as number) - answeredAt));
  }
  stream.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const p95 = percentile(sorted, 95);
  process.stdout.write(
    `${label.padEnd(44)} uploads=${sorted.length}  p50=${fmt(percentile(sorted, 50))}  p95=${fmt(p95)}  max=${fmt(sorted[sorted.length - 1])}  ${p95 < 100 ? 'OK (target p95 < 100 ms)' : 'OVER TARGET (p95 < 100 ms)'}\n`,
  );
}

async function main() {
  const children: ChildProcess[] = [];
  try {
    const single = await startGateway({ STORE: 'memory' });
    children.push(single.child);
    await run('one process, memory store', single.url, single.url);

    const redisEnv = { STORE: 'redis', REDIS_URL, REDIS_KEY_PREFIX: `bench-events-${randomUUID()}:` };
    const [a, b] = await Promise.all([startGateway(redisEnv), startGateway(redisEnv)]);
    children.push(a.child, b.child);
    await run('two processes, Redis (stream A, upload B)', a.url, b.url);
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
