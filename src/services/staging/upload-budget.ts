/**
 * The per-process budget of upload bytes held in memory (UPLOAD_MAX_BUFFERED_BYTES). multer
 * buffers a whole photo before the pipeline sees it, so without a bound one phone token sending
 * sixty 24 MB bodies at once takes the process past 1 GB. An upload reserves its Content-Length
 * before a byte of its body is read; one that does not fit is refused (503 GATEWAY_BUSY).
 */
export interface UploadBudget {
  /** A lease on `bytes`, or undefined when they do not fit beside what is already reserved. */
  tryReserve(bytes: number): UploadLease | undefined;
  /** Bytes reserved right now. */
  readonly reservedBytes: number;
  readonly limitBytes: number;
}

/**
 * A reservation. It is returned once its owner has let go (`release`, e.g. when the response
 * closed, however it closed) and every `hold` has ended: a client that aborts while its photo is
 * still being processed does not free bytes the pipeline is still holding.
 */
export interface UploadLease {
  readonly bytes: number;
  /** Keeps the bytes reserved until the returned function is called (idempotent). */
  hold(): () => void;
  /** The owner's release (idempotent). */
  release(): void;
}

/** Creates an in-memory budget of `limitBytes`; per process, as the memory it protects is. */
export function createUploadBudget(limitBytes: number): UploadBudget {
  let reservedBytes = 0;

  function lease(bytes: number): UploadLease {
    let holders = 1;
    let released = false;
    const drop = () => {
      holders -= 1;
      if (holders === 0) reservedBytes -= bytes;
    };
    return {
      bytes,
      hold() {
        if (holders === 0) return () => undefined;
        holders += 1;
        let done = false;
        return () => {
          if (done) return;
          done = true;
          drop();
        };
      },
      release() {
        if (released) return;
        released = true;
        drop();
      },
    };
  }

  return {
    tryReserve(bytes) {
      if (bytes <= 0 || reservedBytes + bytes > limitBytes) return undefined;
      reservedBytes += bytes;
      return lease(bytes);
    },
    get reservedBytes() {
      return reservedBytes;
    },
    limitBytes,
  };
}
