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
}

export interface ImageLimits {
  maxInputPixels: number;
  maxOutputBytes: number;
  maxEdgePx: number;
}

/** Bytes in, clean JPEG out; throws AppError UNSUPPORTED_MEDIA_TYPE (415) or IMAGE_UNREADABLE (422). */
export interface ImageProcessor {
  process(input: Buffer): Promise<ProcessedImage>;
  /** A JPEG of at most `maxEdgePx` on its longest edge, from an already processed JPEG. */
  thumbnail(processedJpeg: Buffer, maxEdgePx?: number): Promise<Buffer>;
  close(): Promise<void>;
}
