/**
 * What one delivery run of a file decided: it is finished (committed, refused, expired,
 * uncertain: nothing more for the queue to do), or it must run again at `atMs`.
 */
export type DeliveryStep = { kind: 'done' } | { kind: 'retry'; atMs: number };

/** Runs one delivery of `fileId`; the queue calls it when the file's time has come. */
export type DeliveryProcessor = (fileId: string) => Promise<DeliveryStep>;

export interface DeliveryStats {
  /** Files waiting for a delivery run (delayed, waiting or running). */
  queued: number;
  /** Age of the oldest of them, in seconds (0 when none). */
  oldestQueuedSeconds: number;
}

/**
 * The background delivery queue behind one small interface (GATEWAY-API.md, "Background
 * delivery"): BullMQ on Redis (shared by every process, survives restarts) or in process (the
 * memory store: lives and dies with the process). One job per file, its id the file id, its
 * data the file id only (never bytes or patient data: the commit record holds the plan).
 */
export interface DeliveryQueue {
  /**
   * Makes sure a delivery of `fileId` runs at `atMs`: creates the job, or moves a waiting one to
   * that time. A job that is running now is left alone (it decides its own next time). Rejects
   * when the queue cannot record it (bounded in time): the caller must then send nothing.
   */
  schedule(fileId: string, atMs: number): Promise<void>;
  /** Drops the file's job if it is not running; best effort. */
  cancel(fileId: string): Promise<void>;
  /** Starts running jobs with `processor` (once per process). */
  start(processor: DeliveryProcessor): void;
  stats(): Promise<DeliveryStats>;
  /** Stops taking jobs and waits for the running ones. */
  close(): Promise<void>;
}
