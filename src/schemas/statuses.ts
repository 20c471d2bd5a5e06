/**
 * A staged file's status, exactly one of:
 * - `awaiting_upload`: declared by upload-initiate, no bytes yet;
 * - `processing`: bytes received, the image pipeline is running;
 * - `ready`: a clean JPEG is staged (`getBytes` returns it);
 * - `failed`: the bytes were refused (see `error`); the same file may be uploaded again;
 * - `committed`: saved to Medtech; the bytes are gone, the record stays 24 h for replays.
 */
export const FILE_STATUSES = ['awaiting_upload', 'processing', 'ready', 'failed', 'committed'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];
