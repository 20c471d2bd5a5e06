import { AppError } from '../../errors';

/** The photo's bytes are not one of the accepted types (415). */
export function unsupportedType(cause?: unknown): AppError {
  return new AppError('UNSUPPORTED_MEDIA_TYPE', { cause });
}

/** Damaged, truncated or otherwise undecodable photo (422), with the catalogue's message. */
export function unreadable(cause?: unknown): AppError {
  return new AppError('IMAGE_UNREADABLE', { cause });
}

/** An empty upload is treated as the extreme case of a cut-off upload: 422, not 415. */
export function emptyImage(): AppError {
  return new AppError('IMAGE_UNREADABLE', {
    message: 'The photo arrived empty. The upload may have been cut off; please send it again.',
  });
}

const megapixels = (pixels: number): string =>
  (pixels / 1_000_000).toLocaleString('en-NZ', { maximumFractionDigits: 1 });

/** A decompression bomb or a very high resolution scan: refused before any pixel is decoded. */
export function tooManyPixels(width: number, height: number, maxPixels: number): AppError {
  return new AppError('IMAGE_UNREADABLE', {
    message:
      `This photo is too large to process: it has ${megapixels(width * height)} megapixels ` +
      `and the limit is ${megapixels(maxPixels)}. Please take it at a lower resolution or send a smaller copy.`,
    details: [{ path: 'file', problem: `${width} x ${height} pixels exceeds ${maxPixels} pixels` }],
  });
}

/**
 * A panorama strip or a crafted "thin giant" (59,999,999 x 1): under the pixel limit, but a side
 * that long makes libvips allocate hundreds of MB of line buffers. Refused from the header.
 */
export function sideTooLong(width: number, height: number, maxEdgePx: number): AppError {
  return new AppError('IMAGE_UNREADABLE', {
    message:
      `This picture is too wide or too tall to process: it is ${width.toLocaleString('en-NZ')} x ` +
      `${height.toLocaleString('en-NZ')} pixels and no side may be longer than ` +
      `${maxEdgePx.toLocaleString('en-NZ')}. Please send an ordinary photo or a smaller copy.`,
    details: [{ path: 'file', problem: `a side of ${Math.max(width, height)} pixels exceeds ${maxEdgePx}` }],
  });
}

/** Returns `error` as is when it is already an AppError, else the fallback built from it. */
export function asAppError(error: unknown, fallback: (cause: unknown) => AppError): AppError {
  return error instanceof AppError ? error : fallback(error);
}
