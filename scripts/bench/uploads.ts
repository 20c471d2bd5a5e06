/**
 * `npm run bench:uploads` (QUALITY.md, second wave: "60 concurrent 24 MB uploads with one phone
 * token"): starts a gateway process (emulator mode), declares 20 files with one phone token and
 * sends sixty 24 MB multipart uploads at once (three to each file), while sampling the gateway
 * process's RSS from /proc. Prints the peak, the baseline and how many uploads got 200, 409
 * (UPLOAD_IN_PROGRESS / UPLOAD_ALREADY_RECEIVED) and 503 (GATEWAY_BUSY). Target: peak under 600 MB.
 *
 * Usage: tsx scripts/bench/uploads.ts [--uploads 60] [--files 20]   (PHOTO_CORPUS overrides the corpus)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort, numberArg } from './bench-tools';
import { read } from './corpus';

const MB = 1024 * 1024;
const UPLOAD_BYTES = 24 * MB;
const UPLOADS = numberArg('uploads', 60);
const FILES = numberArg('files', 20);
const ROOT = path.resolve(__dirname, '..', '..');
const DEV_KEY = 'dev-local-key-0000000000000000000';
const BOUNDARY = '----bench-uploads';

/**
 * A real phone JPEG grown to 24 MB with APP15 segments right after its SOI marker: a valid JPEG
 * the pipeline must buffer and decode, whose padding it strips like any other metadata.
 */
function paddedJpeg(totalBytes: number): Buffer {
  const photo = read('HMD_Nokia_8.3_5G.jpg');
  const segments: Buffer[] = [photo.subarray(0, 2)];
  let size = photo.length;
  const payload = Buffer.alloc(65533, 0x20);
  while (size + 65537 <= totalBytes) {
    const header = Buffer.from([0xff, 0xef, 0xff, 0xff]);
    segments.push(header, payload);
    size += 65537;
  }
  segments.push(photo.subarray(2));
  return Buffer.concat(segments);
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function call(
  base: string,
  method: string,
  route: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  const response = await fetch(base + route, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** One multipart upload over its own socket; resolves with the status and error code. */
function upload(port: number, route: string, token: string, file: Buffer): Promise<string> {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return new Promise((resolve) => {
    let answered = false;
    const req = http.request({
      port,
      host: '127.0.0.1',
      path: route,
      method: 'POST',
      agent: false,
      headers: {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'content-length': head.length + file.length + tail.length,
        'x-mobile-token': token,
      },
    });
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => {
        let code = '';
        try {
          code = JSON.parse(Buffer.concat(parts).toString('utf8')).error?.code ?? '';
        } catch {
          code = '';
        }
        resolve(`${res.statusCode}${code ? ` ${code}` : ''}`);
      });
    });
    req.on('error', (error) => {
      if (!answered) resolve(`network error (${(error as NodeJS.ErrnoException).code ?? error.message})`);
    });
    req.write(head);
    req.write(file);
    req.end(tail);
  });
}

async function main(): Promise<void> {
  const file = paddedJpeg(UPLOAD_BYTES);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'server.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      LOG_LEVEL: 'error',
      PORT: String(port),
      HOST: '127.0.0.1',
      // The bench measures memory, not the per-IP limit that would otherwise refuse most of it.
      MOBILE_RATE_LIMIT_PER_MINUTE: '100000',
      ...(process.env.UPLOAD_MAX_BUFFERED_BYTES
        ? { UPLOAD_MAX_BUFFERED_BYTES: process.env.UPLOAD_MAX_BUFFERED_BYTES }
        : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; ; i += 1) {
      const alive = await fetch(`${base}/health/live`).then(
        (r) => r.ok,
        () => false,
      );
      if (alive) break;
      if (i > 300) throw new Error('the gateway did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const key = { Authorization: `Bearer ${DEV_KEY}` };
    const session = await call(base, 'POST', '/api/integrations/medtech/mobile/initiate', key, {
      encounterId: 'bench-uploads',
      patientId: '14e52e16edb7a435bfa05e307afd008b',
      facilityId: 'F2N060-E',
    });
    if (session.status !== 201) throw new Error(`initiate answered ${session.status}`);
    const token = new URL(session.body.mobileUploadUrl).searchParams.get('t') ?? '';
    const phone = { 'x-mobile-token': token };
    const slots: string[] = [];
    // Declared small: the encounter cap counts declarations, the bytes that arrive are what cost memory.
    for (let start = 0; start < FILES; start += 10) {
      const count = Math.min(10, FILES - start);
      const declared = await call(
        base,
        'POST',
        '/api/integrations/medtech/attachments/upload-initiate',
        phone,
        {
          files: Array.from({ length: count }, (_, i) => ({
            clientRef: `bench-${start + i}`,
            contentType: 'image/jpeg',
            sizeBytes: 1_000_000,
          })),
        },
      );
      if (declared.status !== 201) throw new Error(`upload-initiate answered ${declared.status}`);
      slots.push(...declared.body.files.map((f: { uploadUrl: string }) => f.uploadUrl));
    }

    await new Promise((resolve) => setTimeout(resolve, 500));
    const baseline = rssOf(child.pid!);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!))), 10);
    const started = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: UPLOADS }, (_, i) => upload(port, slots[i % slots.length], token, file)),
    );
    const seconds = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(sampler);

    const counts = new Map<string, number>();
    for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    const byStatus = (prefix: string) =>
      [...counts].filter(([o]) => o.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);
    console.log(
      `\n## ${UPLOADS} concurrent ${(file.length / MB).toFixed(0)} MB uploads, one phone token, ${slots.length} files\n`,
    );
    console.log(`gateway RSS baseline  ${(baseline / MB).toFixed(0)} MB`);
    console.log(`gateway RSS peak      ${(peak / MB).toFixed(0)} MB   (target < 600 MB)`);
    console.log(
      `200 ${byStatus('200')} · 409 ${byStatus('409')} · 503 ${byStatus('503')} · other ${UPLOADS - byStatus('200') - byStatus('409') - byStatus('503')}`,
    );
    for (const [outcome, n] of [...counts].sort()) console.log(`  ${String(n).padStart(3)} × ${outcome}`);
    console.log(`took ${seconds.toFixed(1)} s`);
    process.exitCode = peak < 600 * MB ? 0 : 1;
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
