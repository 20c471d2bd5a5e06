import { Worker } from 'node:worker_threads';
import { AppError } from '../../errors';
import type { Logger } from '../../logging/logger';
import { unreadable } from './errors';
import { HEIC_WORKER_SOURCE } from './heic-worker-source';
import type { RgbaPixels } from './raw-tiff';

/** Decodes HEVC-coded HEIF off the main thread: a 12 MP HEIC takes about a second of CPU. */
export interface HeicDecoder {
  /** `expected` is the primary image's size from the header; nothing over `maxPixels` is decoded. */
  decode(input: Buffer, expected: ExpectedImage): Promise<RgbaPixels>;
  close(): Promise<void>;
  /** Live workers, for tests and metrics. */
  readonly workerCount: number;
}

export interface HeicPoolOptions {
  /** Workers decoding at once (default 1). Each holds a WebAssembly heap of up to a few hundred MB. */
  size?: number;
  /** An idle worker is ended after this long, returning its WebAssembly heap to the OS (default 15 s). */
  idleMs?: number;
  /** A decode running longer is abandoned and its worker ended (default 30 s). */
  timeoutMs?: number;
  logger?: Logger;
}

export interface ExpectedImage {
  width: number;
  height: number;
  maxPixels: number;
}

interface Job {
  id: number;
  input: Uint8Array;
  expected: ExpectedImage;
  resolve(pixels: RgbaPixels): void;
  reject(error: AppError): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

interface WorkerReply {
  id: number;
  error?: string;
  width: number;
  height: number;
  data: ArrayBuffer;
  byteOffset: number;
  byteLength: number;
}

/** Decoding is background work: the event loop must keep answering while a HEIC decodes. */
const DECODER_NICE = 10;

/** A small pool of reusable HEIC decode workers, started on demand. */
export function createHeicPool(options: HeicPoolOptions = {}): HeicDecoder {
  const size = Math.max(1, options.size ?? 1);
  const idleMs = options.idleMs ?? 15_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const heicDecodePath = require.resolve('heic-decode');
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  const retire = (slot: Slot, reason: AppError | undefined): void => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    clearTimeout(slot.timer);
    if (slot.job && reason) slot.job.reject(reason);
    slot.job = undefined;
    void slot.worker.terminate();
  };

  const settle = (slot: Slot, reply: WorkerReply): void => {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    if (reply.error) job.reject(unreadable(new Error(`HEIC decode failed: ${reply.error}`)));
    else
      job.resolve({
        width: reply.width,
        height: reply.height,
        data: new Uint8Array(reply.data, reply.byteOffset, reply.byteLength),
      });
    // An idle worker must not keep the process alive, and is ended after a while to free its heap.
    slot.worker.unref();
    slot.timer = setTimeout(() => retire(slot, undefined), idleMs).unref();
    pump();
  };

  const spawn = (): Slot => {
    const worker = new Worker(HEIC_WORKER_SOURCE, {
      eval: true,
      workerData: { heicDecodePath, nice: DECODER_NICE },
    });
    const slot: Slot = { worker };
    worker.on('message', (reply: WorkerReply) => settle(slot, reply));
    worker.on('error', (error) => {
      options.logger?.warn('HEIC worker failed', { error: error.message });
      retire(slot, unreadable(error));
      pump();
    });
    worker.on('exit', () => {
      if (slots.includes(slot)) retire(slot, unreadable(new Error('HEIC worker exited')));
      pump();
    });
    slots.push(slot);
    return slot;
  };

  function pump(): void {
    while (!closed && queue.length > 0) {
      const slot = slots.find((candidate) => !candidate.job) ?? (slots.length < size ? spawn() : undefined);
      if (!slot) return;
      const job = queue.shift() as Job;
      clearTimeout(slot.timer);
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(() => {
        options.logger?.warn('HEIC decode timed out; worker ended', { timeoutMs });
        retire(slot, unreadable(new Error(`HEIC decode took longer than ${timeoutMs} ms`)));
        pump();
      }, timeoutMs).unref();
      slot.worker.postMessage({ id: job.id, input: job.input, ...job.expected }, [
        job.input.buffer as ArrayBuffer,
      ]);
    }
  }

  return {
    get workerCount() {
      return slots.length;
    },
    decode(input, expected) {
      if (closed) return Promise.reject(new AppError('SERVICE_UNAVAILABLE'));
      return new Promise<RgbaPixels>((resolve, reject) => {
        // One copy of exactly the input's bytes, then moved to the worker without a second copy.
        queue.push({ id: nextId++, input: new Uint8Array(input), expected, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      const shuttingDown = new AppError('SERVICE_UNAVAILABLE');
      for (const job of queue.splice(0)) job.reject(shuttingDown);
      const workers = slots.map((slot) => slot.worker);
      for (const slot of [...slots]) retire(slot, shuttingDown);
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
