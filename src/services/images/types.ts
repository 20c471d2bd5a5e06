/** What the image pipeline hands back for one accepted photo. */
export interface ProcessedImage {
  /** A baseline JPEG, upright, sRGB, with no metadata, at most IMAGE_MAX_OUTPUT_BYTES. */
  bytes: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
  /** Lower-case hex SHA-256 of `bytes`. */
  sha256: string;
  originalBytes: number;
  /** The type decided from the input bytes, e.g. `image/heic`. */
  originalType: string;
  /** The JPEG quality the search settled on. */
  quality: number;
  /**
   * When the photo was taken: EXIF DateTimeOriginal as ISO 8601, with OffsetTimeOriginal when the
   * photo carries it (`2026-11-30T14:05:09+13:00`), else a local time without offset; `null` when the
   * photo says nothing. Read before the metadata is stripped; for the Scan caption's "Taken <date>".
   */
  capturedAt: string | null;
}

export interface ImageLimits {
  maxInputPixels: number;
  maxOutputBytes: number;
  maxEdgePx: number;
  /** Longest side of an input, checked from the header (IMAGE_MAX_INPUT_EDGE_PX, default 16384). */
  maxInputEdgePx?: number;
}

/** Bytes in, clean JPEG out; throws AppError UNSUPPORTED_MEDIA_TYPE (415) or IMAGE_UNREADABLE (422). */
export interface ImageProcessor {
  process(input: Buffer): Promise<ProcessedImage>;
  /** A JPEG of at most `maxEdgePx` on its longest edge, from an already processed JPEG. */
  thumbnail(processedJpeg: Buffer, maxEdgePx?: number): Promise<Buffer>;
  close(): Promise<void>;
}
