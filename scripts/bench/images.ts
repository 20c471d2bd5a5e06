/**
 * `npm run bench:images` (QUALITY.md, "Speed and memory"): the image pipeline over the real photo
 * corpus against a bare sharp call in the same run, HEIC latency and event-loop delay, parallel
 * throughput, peak RSS with 10 concurrent 12 MP uploads (each measured in a fresh child process),
 * and the Inbox Scan documents made from the stored photos (scan-section.ts).
 *
 * Usage: tsx scripts/bench/images.ts [--runs 5] [--targets]   (PHOTO_CORPUS overrides the corpus location;
 * --targets runs only the second-wave sections: HEIC by decoder, throughput, Scan documents)
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { createImageProcessor, findHeifConvert } from '../../src/services/images';
import {
  IPHONE_HEICS,
  LIMITS,
  PHONE_JPEGS,
  SMALL_JPEGS,
  median,
  now,
  pad,
  read,
  requireCorpus,
} from './corpus';
import { numberArg } from './bench-tools';
import { scanDocumentFigures } from './scan-section';

const FILES = [
  ...PHONE_JPEGS,
  ...SMALL_JPEGS,
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => `orientation/Landscape_${n}.jpg`),
  'orientation/Portrait_6.jpg',
  ...IPHONE_HEICS,
  'HMD_Nokia_8.3_5G.heif',
];
const isHeif = (name: string) => /\.hei[cf]$/i.test(name);
const RUNS = numberArg('runs', 7);

const bare = (input: Buffer) => sharp(input).rotate().resize(2048, 2048, { fit: 'inside' }).jpeg().toBuffer();

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = now();
  const result = await fn();
  return [now() - started, result];
}

async function perFile(): Promise<void> {
  const processor = createImageProcessor({ limits: LIMITS });
  console.log(
    `\n## Per file (median of ${RUNS} runs; libvips concurrency 1 for both, as the gateway runs)\n`,
  );
  console.log(
    `${'file'.padEnd(28)} ${pad('bytes in', 9)} ${pad('dims in', 10)} ${pad('bytes out', 9)} ${pad('dims out', 10)} ${pad('q', 3)} ${pad('pipeline', 9)} ${pad('bare', 8)} ${pad('ratio', 6)}`,
  );
  const jpegRatios: number[] = [];
  const heicTimes: number[] = [];
  let loopMax = 0;
  let loopP99 = 0;
  for (const name of FILES) {
    const input = read(name);
    const meta = await sharp(input).metadata();
    // One histogram per HEIC file, on for its warm-up (worker start included) and all its runs:
    // toggling a histogram counts the time it was off as one long delay.
    const loopDelay = isHeif(name) ? monitorEventLoopDelay({ resolution: 10 }) : undefined;
    loopDelay?.enable();
    await processor.process(input); // warm-up (and, for HEIC, the worker start)
    if (!isHeif(name)) await bare(input);
    const pipelineTimes: number[] = [];
    const bareTimes: number[] = [];
    let result;
    for (let run = 0; run < RUNS; run += 1) {
      let elapsed;
      [elapsed, result] = await timed(() => processor.process(input));
      pipelineTimes.push(elapsed);
      if (!isHeif(name)) bareTimes.push((await timed(() => bare(input)))[0]);
    }
    if (loopDelay) {
      loopDelay.disable();
      loopMax = Math.max(loopMax, loopDelay.max / 1e6);
      loopP99 = Math.max(loopP99, loopDelay.percentile(99) / 1e6);
    }
    const pipelineMs = median(pipelineTimes);
    const bareMs = bareTimes.length ? median(bareTimes) : undefined;
    // The QUALITY.md target is about 8-12 MP phone photos; on smaller files the bare call enlarges to 2048 px.
    if (isHeif(name)) heicTimes.push(...pipelineTimes);
    else if (bareMs && Math.max(meta.width ?? 0, meta.height ?? 0) > LIMITS.maxEdgePx)
      jpegRatios.push(pipelineMs / bareMs);
    console.log(
      `${name.padEnd(28)} ${pad(input.length, 9)} ${pad(`${meta.width}x${meta.height}`, 10)} ${pad(result?.bytes.length, 9)} ${pad(`${result?.width}x${result?.height}`, 10)} ${pad(result?.quality, 3)} ${pad(pipelineMs.toFixed(1), 9)} ${pad(bareMs ? bareMs.toFixed(1) : 'n/a', 8)} ${pad(bareMs ? (pipelineMs / bareMs).toFixed(2) : 'n/a', 6)}`,
    );
  }
  await processor.close();
  console.log(
    '\nbare = sharp(f).rotate().resize(2048, 2048, { fit: "inside" }).jpeg(): it enlarges files under 2048 px, so their ratios say little.',
  );
  console.log(
    `Phone JPEGs larger than 2048 px, pipeline/bare: median ${median(jpegRatios).toFixed(2)}, max ${Math.max(...jpegRatios).toFixed(2)} (target <= 1.5)`,
  );
  console.log(
    `HEIC/HEIF: p50 ${median(heicTimes).toFixed(0)} ms over ${heicTimes.length} runs (target < 2500); ` +
      `event-loop delay while processing HEIC: max ${loopMax.toFixed(1)} ms, p99 ${loopP99.toFixed(1)} ms (target max < 50)`,
  );
}

/** HEIC p50 on each decoder: heif-convert (native, the default where installed) and the wasm fallback. */
async function heicByDecoder(): Promise<void> {
  const decoders = ['wasm', ...(findHeifConvert() ? ['heif-convert' as const] : [])] as const;
  console.log(`\n## HEIC by decoder (median of ${RUNS} runs per file, after a warm-up)\n`);
  for (const heicDecoder of decoders) {
    const processor = createImageProcessor({ limits: LIMITS, heicDecoder });
    const times: number[] = [];
    for (const name of FILES.filter(isHeif)) {
      const input = read(name);
      await processor.process(input);
      for (let run = 0; run < RUNS; run += 1) times.push((await timed(() => processor.process(input)))[0]);
    }
    await processor.close();
    console.log(
      `${heicDecoder.padEnd(13)} HEIC/HEIF p50 ${median(times).toFixed(0)} ms over ${times.length} runs (target < 1000)`,
    );
  }
  if (decoders.length === 1) console.log('heif-convert is not installed (apt-get install libheif-examples)');
}

/** The same histogram over an idle second: what the machine's own scheduling adds (a busy host shows it). */
async function idleLoopDelay(): Promise<void> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  histogram.disable();
  console.log(
    `control, idle for 2 s: event-loop delay max ${(histogram.max / 1e6).toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms`,
  );
}

async function throughputOf(jobs: number, optimiseFirstEncode: boolean): Promise<number> {
  const processor = createImageProcessor({
    limits: LIMITS,
    concurrency: 2,
    queueLimit: jobs,
    quality: { optimiseFirstEncode },
  });
  const inputs = PHONE_JPEGS.map(read);
  await Promise.all(inputs.map((input) => processor.process(input)));
  const [elapsed] = await timed(() =>
    Promise.all(Array.from({ length: jobs }, (_, i) => processor.process(inputs[i % inputs.length]))),
  );
  await processor.close();
  return jobs / (elapsed / 1000);
}

/**
 * Phone JPEGs per second on both cores, and in the same run the first wave's encode (optimised
 * Huffman tables on the first pass), alternated so that load from other work hits both alike.
 */
async function throughput(jobs = 40, rounds = 3): Promise<void> {
  const current: number[] = [];
  const firstWave: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    current.push(await throughputOf(jobs, false));
    firstWave.push(await throughputOf(jobs, true));
  }
  console.log(
    `\n## Throughput\n\n${jobs} phone JPEGs (${PHONE_JPEGS.join(', ')}) with concurrency 2, median of ${rounds} rounds: ` +
      `${median(current).toFixed(1)} images/s (target >= 30); first-wave encode in the same run: ${median(firstWave).toFixed(1)} images/s ` +
      `(x${(median(current) / median(firstWave)).toFixed(2)})`,
  );
}

/** Child-process mode: 10 concurrent 12 MP jobs of one kind, printing baseline and peak RSS as JSON. */
async function memoryChild(kind: 'jpeg' | 'heic'): Promise<void> {
  const input =
    kind === 'heic'
      ? read('iphone_13_pro_max.HEIC')
      : await sharp(read('jolla.jpg')).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 92 }).toBuffer();
  const inputs = Array.from({ length: 10 }, () => Buffer.from(input)); // ten separate uploads in memory
  const processor = createImageProcessor({ limits: LIMITS });
  global.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const [elapsed] = await timed(() => Promise.all(inputs.map((buffer) => processor.process(buffer))));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  await processor.close();
  process.send?.({ kind, inputBytes: input.length, baseline, peak, elapsed });
}

function runMemoryChild(
  kind: 'jpeg' | 'heic',
): Promise<{ inputBytes: number; baseline: number; peak: number; elapsed: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--memory-child', kind], {
      execArgv: [...process.execArgv, '--expose-gc'],
    });
    child.once('message', (message) => resolve(message as never));
    child.once('exit', (code) => (code ? reject(new Error(`memory child exited with ${code}`)) : undefined));
  });
}

async function memory(): Promise<void> {
  console.log('\n## Memory: 10 concurrent 12 MP uploads (fresh process each; RSS sampled every 20 ms)\n');
  for (const kind of ['jpeg', 'heic'] as const) {
    const { inputBytes, baseline, peak, elapsed } = await runMemoryChild(kind);
    const label = kind === 'jpeg' ? '4000x3000 JPEG' : '3024x4032 iPhone HEIC';
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    console.log(
      `${label.padEnd(22)} ${(inputBytes / 1e6).toFixed(1)} MB each: baseline ${mb(baseline)} MB, peak ${mb(peak)} MB (target < 600), all done in ${elapsed.toFixed(0)} ms`,
    );
  }
}

async function main(): Promise<void> {
  const childIndex = process.argv.indexOf('--memory-child');
  if (childIndex > 0) return memoryChild(process.argv[childIndex + 1] as 'jpeg' | 'heic');
  // The second-wave targets alone, for a quick rerun: `--targets`.
  if (process.argv.includes('--targets')) {
    requireCorpus();
    await heicByDecoder();
    await throughput();
    return scanDocumentFigures(RUNS);
  }
  requireCorpus();
  console.log(
    `# Image pipeline benchmark (node ${process.version}, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips})`,
  );
  const load = () =>
    os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
  console.log(`${os.cpus().length} CPUs; load average at start: ${load()}`);
  console.log(
    `HEIC decoder by default: ${findHeifConvert() ? 'heif-convert (libheif-examples)' : 'wasm (heic-decode)'}`,
  );
  await memory();
  await perFile();
  await heicByDecoder();
  await idleLoopDelay();
  await throughput();
  await scanDocumentFigures(RUNS);
  console.log(
    `\nload average at end: ${load()} (other processes on this host skew absolute times; ratios are same-run)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
