/**
 * Upload limits of GATEWAY-API.md ("Capabilities" limits): part of the wire contract, so they
 * live here; the services that enforce them, the capabilities document and the phone page read
 * them from this one place.
 */
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
