import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { AppError } from '../../errors';
import type { Logger } from '../../logging/logger';
import { unreadable } from './errors';
import type { ExpectedImage } from './heic-pool';

/**
 * Decodes HEVC HEIF with Debian's libheif tools (`heif-convert`, package libheif-examples) in a
 * child process: native libde265 is about twice as fast as the WebAssembly build in `heic-decode`,
 * and a crash or a runaway decode ends only that process. Used when the tool is installed; the
 * WebAssembly worker pool is the fallback.
 */
export interface HeifConvertDecoder {
  /** A JPEG (quality 100, as heif-convert writes it) of the primary image, upright (irot/imir applied). */
  decode(input: Buffer, expected: ExpectedImage): Promise<Buffer>;
  close(): Promise<void>;
}

export interface HeifConvertOptions {
  /** Absolute path of the tool, from `findHeifConvert()`. */
  binary: string;
  /** Decodes at once (default 1): each holds a 12 MP picture, about 100 MB, and up to two cores. */
  concurrency?: number;
  /** A decode running longer is killed and the photo refused (default 30 s). */
  timeoutMs?: number;
  /** Where the private per-decode directories are made (default the OS temp dir). */
  tmpRoot?: string;
  logger?: Logger;
}

/** Background work, as the worker pool's decoder: the event loop and JPEG work go first. */
const DECODER_NICE = 10;
/** Its own messages are not wanted; a failure is told by the exit code, and stderr kept short. */
const MAX_STDERR_BYTES = 64 * 1024;

/**
 * Where Debian (and a hand-built libheif) put the tool. A fixed list rather than PATH: config is
 * read only in src/config, and the tool is a system package, not something a deployment relocates.
 */
export const HEIF_CONVERT_DIRS = ['/usr/bin', '/usr/local/bin', '/bin'];

/** Whether `file` exists and may be executed. */
export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of `heif-convert` in `dirs`, or `undefined` when the tool is not installed. */
export function findHeifConvert(dirs: readonly string[] = HEIF_CONVERT_DIRS): string | undefined {
  return dirs.map((dir) => path.join(dir, 'heif-convert')).find(isExecutable);
}

function run(binary: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      binary,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_STDERR_BYTES, env: {} },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        const reason = error.killed
          ? `took longer than ${timeoutMs} ms`
          : String(stderr).trim().slice(0, 200);
        reject(new Error(`heif-convert failed: ${reason || error.message}`));
      },
    );
    if (process.platform === 'linux' && child.pid) {
      try {
        os.setPriority(child.pid, DECODER_NICE);
      } catch {
        // not permitted here: decoding works at the default priority
      }
    }
  });
}

/**
 * heif-convert writes every top-level image of a file (`out-1.jpg`, `out-2.jpg`, ...) when there is
 * more than one, and the first need not be the primary: pick the one with the primary's size
 * (either way round, as irot may have turned it), as the worker pool does.
 */
async function pickPrimary(dir: string, expected: ExpectedImage): Promise<Buffer> {
  const names = (await readdir(dir)).filter((name) => /^out(-\d+)?\.jpg$/.test(name)).sort();
  if (names.length === 0) throw new Error('heif-convert wrote no image');
  let fallback: Buffer | undefined;
  for (const name of names) {
    const bytes = await readFile(path.join(dir, name));
    const { width = 0, height = 0 } = await sharp(bytes).metadata();
    if (width * height > expected.maxPixels) continue;
    const matches =
      (width === expected.width && height === expected.height) ||
      (width === expected.height && height === expected.width);
    if (matches) return bytes;
    fallback ??= bytes;
  }
  if (!fallback) throw new Error('image larger than the pixel limit');
  return fallback;
}

/** `heif-convert` with bounded concurrency, a timeout, and a private 0700 directory per decode. */
export function createHeifConvertDecoder(options: HeifConvertOptions): HeifConvertDecoder {
  const limit = pLimit(Math.max(1, options.concurrency ?? 1));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const tmpRoot = options.tmpRoot ?? os.tmpdir();
  let closed = false;

  async function decodeOnce(input: Buffer, expected: ExpectedImage): Promise<Buffer> {
    // mkdtemp makes the directory 0700 already; chmod says so explicitly whatever the umask.
    const dir = await mkdtemp(path.join(tmpRoot, 'clinicpro-heic-'));
    try {
      await chmod(dir, 0o700);
      const source = path.join(dir, 'in.heic');
      await writeFile(source, input, { mode: 0o600 });
      await run(options.binary, ['--quiet', '-q', '100', source, path.join(dir, 'out.jpg')], timeoutMs);
      return await pickPrimary(dir, expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    decode(input, expected) {
      if (closed) return Promise.reject(new AppError('SERVICE_UNAVAILABLE'));
      return limit(async () => {
        try {
          return await decodeOnce(input, expected);
        } catch (error) {
          options.logger?.warn('heif-convert decode failed', { error: (error as Error).message });
          throw unreadable(error);
        }
      });
    },
    async close() {
      closed = true;
      limit.clearQueue();
    },
  };
}
