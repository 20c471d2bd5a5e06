/** Committed records are kept this long so a repeated commit can be answered from them. */
export const COMMITTED_RECORD_TTL_SECONDS = 24 * 60 * 60;
/** A `processing` claim older than this is taken to be from a crashed process and may be retaken. */
export const STALE_PROCESSING_MS = 2 * 60 * 1000;
