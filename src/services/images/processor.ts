import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import sharp, { type SharpOptions } from 'sharp';
import { AppError } from '../../errors';
import type { Logger } from '../../logging/logger';
import { encodeWithinBudget, type EncodePolicy, type PixelSource } from './encode';
import { strictDecodeOptions } from './decode-options';
import { asAppError, unreadable, unsupportedType } from './errors';
import { createHeicPool, type HeicDecoder } from './heic-pool';
import {
  createHeifConvertDecoder,
  findHeifConvert,
  isExecutable,
  type HeifConvertDecoder,
} from './heif-convert';
import { heicPixelSource, heifConvertPixelSource } from './heic-source';
import { inspectImage, type InspectedImage } from './inspect';
import { sniffImageType } from './sniff';
import type { ImageLimits, ImageProcessor, ProcessedImage } from './types';

export interface ImageProcessorOptions {
  limits: ImageLimits;
  logger?: Logger;
  /** Images decoded at once (default 2: one per core of the target VM). The rest wait in a queue. */
  concurrency?: number;
  /**
   * Images allowed to wait for a slot (default 16, about two phone sessions of 10 photos with some
   * already running). Beyond it `process` is refused at once with 429 RATE_LIMITED and a Retry-After,
   * rather than queueing without bound: every waiting upload holds its bytes in memory (up to
   * IMAGE_MAX_INPUT_BYTES each), and a phone retrying in a few seconds is better than a timeout.
   */
  queueLimit?: number;
  /**
   * HEIC decode workers (default 1, at most `concurrency`). Each keeps a WebAssembly heap of a few
   * hundred MB while busy; with one, 10 concurrent 12 MP HEICs peak under 500 MB RSS.
   */
  heicWorkers?: number;
  heicTimeoutMs?: number;
  heicIdleMs?: number;
  /**
   * Which HEVC decoder (default `auto`): `heif-convert` (Debian's libheif-examples, native, about
   * twice as fast) when it is installed, else the `wasm` worker pool. Tests force each to cover both.
   */
  heicDecoder?: 'auto' | 'wasm' | 'heif-convert';
  /** heif-convert's path; by default looked up in /usr/bin, /usr/local/bin and /bin. */
  heifConvertPath?: string;
  /** Quality search bounds; defaults 60..92 with at most 4 encodes per size. */
  quality?: Partial<
    Pick<EncodePolicy, 'qualityFloor' | 'qualityCeiling' | 'maxEncodes' | 'optimiseFirstEncode'>
  >;
}

const THUMBNAIL_QUALITY = 80;
const RETRY_AFTER_SECONDS = 5;
/** CONFIG.md's default for IMAGE_MAX_INPUT_EDGE_PX, for callers that build limits by hand. */
const DEFAULT_MAX_INPUT_EDGE_PX = 16384;

/**
 * Bytes in, clean JPEG out (GATEWAY-API.md, "What processing guarantees"): type from the bytes,
 * pixel count checked from the header before decoding, EXIF orientation applied, every piece of
 * metadata dropped, sRGB, longest edge capped, baseline JPEG at the best quality under the budget.
 */
export function createImageProcessor(options: ImageProcessorOptions): ImageProcessor {
  const { limits, logger } = options;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const queueLimit = Math.max(0, options.queueLimit ?? 16);
  // libvips' operation cache would keep decoded inputs alive between uploads; nothing repeats here.
  sharp.cache(false);
  // Parallelism comes from the queue (one image per core); extra libvips threads per image only add
  // memory and contention under load, and barely help a single phone photo, which decodes serially.
  sharp.concurrency(1);

  const limit = pLimit(concurrency);
  // Thumbnails of processed JPEGs take milliseconds (shrink-on-load); their own queue keeps the
  // desktop's previews from waiting behind a burst of HEIC uploads.
  const thumbnailLimit = pLimit(concurrency);
  const heifConvertCandidate =
    options.heicDecoder === 'wasm' ? undefined : (options.heifConvertPath ?? findHeifConvert());
  const heifConvertBinary =
    heifConvertCandidate && isExecutable(heifConvertCandidate) ? heifConvertCandidate : undefined;
  if (options.heicDecoder === 'heif-convert' && !heifConvertBinary) {
    throw new Error('heicDecoder heif-convert was asked for, but heif-convert is not installed');
  }
  // Native decodes at once: one per core of the target VM, like the JPEG queue it runs inside.
  const heifConvert: HeifConvertDecoder | undefined = heifConvertBinary
    ? createHeifConvertDecoder({
        binary: heifConvertBinary,
        concurrency: Math.min(concurrency, options.heicWorkers ?? concurrency),
        timeoutMs: options.heicTimeoutMs,
        logger,
      })
    : undefined;
  const heic: HeicDecoder = createHeicPool({
    size: Math.min(concurrency, options.heicWorkers ?? 1),
    timeoutMs: options.heicTimeoutMs,
    idleMs: options.heicIdleMs,
    logger,
  });
  const policy: EncodePolicy = {
    maxEdgePx: limits.maxEdgePx,
    maxOutputBytes: limits.maxOutputBytes,
    qualityFloor: options.quality?.qualityFloor ?? 60,
    qualityCeiling: options.quality?.qualityCeiling ?? 92,
    maxEncodes: options.quality?.maxEncodes ?? 4,
    optimiseFirstEncode: options.quality?.optimiseFirstEncode ?? false,
  };
  const decodeOptions: SharpOptions = strictDecodeOptions(limits.maxInputPixels);
  const headerLimits = {
    maxInputPixels: limits.maxInputPixels,
    maxInputEdgePx: limits.maxInputEdgePx ?? DEFAULT_MAX_INPUT_EDGE_PX,
  };
  let closed = false;
  /** Images running or waiting; at most `concurrency + queueLimit`. */
  let admitted = 0;

  const pixelSource = (input: Buffer, inspected: InspectedImage): Promise<PixelSource> | PixelSource => {
    if (inspected.decoder !== 'heic') return () => sharp(input, decodeOptions);
    if (heifConvert) {
      return heifConvertPixelSource(input, inspected, {
        tool: heifConvert,
        maxInputPixels: limits.maxInputPixels,
        decodeOptions,
      });
    }
    return heicPixelSource(input, inspected, {
      heic,
      maxEdgePx: limits.maxEdgePx,
      maxInputPixels: limits.maxInputPixels,
      decodeOptions,
    });
  };

  async function run(input: Buffer): Promise<ProcessedImage> {
    const started = process.hrtime.bigint();
    const inspected = await inspectImage(input, headerLimits);
    let encoded;
    try {
      encoded = await encodeWithinBudget(await pixelSource(input, inspected), policy);
    } catch (error) {
      throw asAppError(error, unreadable);
    }
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    logger?.debug('image processed', {
      originalType: inspected.originalType,
      originalBytes: input.length,
      bytes: encoded.bytes.length,
      width: encoded.width,
      height: encoded.height,
      quality: encoded.quality,
      encodes: encoded.encodes,
      durationMs: Math.round(durationMs),
    });
    return {
      bytes: encoded.bytes,
      contentType: 'image/jpeg',
      width: encoded.width,
      height: encoded.height,
      sha256: createHash('sha256').update(encoded.bytes).digest('hex'),
      originalBytes: input.length,
      originalType: inspected.originalType,
      quality: encoded.quality,
      capturedAt: inspected.capturedAt,
    };
  }

  return {
    async process(input) {
      if (closed) throw new AppError('SERVICE_UNAVAILABLE');
      // Counted here rather than read from p-limit, whose counters move a microtask later.
      if (admitted >= concurrency + queueLimit) {
        throw new AppError('RATE_LIMITED', {
          message: 'The gateway is busy processing photos. Please wait a moment and send this one again.',
          retryAfterSeconds: RETRY_AFTER_SECONDS,
        });
      }
      admitted += 1;
      try {
        return await limit(() => run(input));
      } finally {
        admitted -= 1;
      }
    },

    async thumbnail(processedJpeg, maxEdgePx = 320) {
      if (!sniffImageType(processedJpeg)) throw unsupportedType();
      return thumbnailLimit(async () => {
        try {
          return await sharp(processedJpeg, decodeOptions)
            .rotate()
            .resize({ width: maxEdgePx, height: maxEdgePx, fit: 'inside', withoutEnlargement: true })
            .flatten({ background: '#ffffff' })
            .toColourspace('srgb')
            .jpeg({
              quality: THUMBNAIL_QUALITY,
              progressive: false,
              mozjpeg: false,
              chromaSubsampling: '4:2:0',
            })
            .toBuffer();
        } catch (error) {
          throw asAppError(error, unreadable);
        }
      });
    },

    async close() {
      closed = true;
      await Promise.all([heic.close(), heifConvert?.close()]);
    },
  };
}
