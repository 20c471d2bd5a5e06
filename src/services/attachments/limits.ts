/** Upload limits of GATEWAY-API.md ("Capabilities" limits); the phone page shows the same figures. */
export const ACCEPTED_UPLOAD_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
] as const;
export const MAX_FILES_PER_REQUEST = 10;
export const MAX_TOTAL_BYTES_PER_ENCOUNTER = 52_428_800;
export const THUMBNAIL_EDGE_PX = 320;
/** Committed records are kept this long so a repeated commit can be answered from them. */
export const COMMITTED_RECORD_TTL_SECONDS = 24 * 60 * 60;
/** A `processing` claim older than this is taken to be from a crashed process and may be retaken. */
export const STALE_PROCESSING_MS = 2 * 60 * 1000;
