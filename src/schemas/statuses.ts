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

/** What views show: the staged status, or `queued` while the gateway delivers it itself. */
export const FILE_VIEW_STATUSES = [...FILE_STATUSES, 'queued'] as const;
export type FileViewStatus = (typeof FILE_VIEW_STATUSES)[number];

/** Where a committed photo goes (GATEWAY-API.md, "Write targets"). */
export const WRITE_TARGETS = ['media', 'scan', 'both'] as const;
export type WriteTarget = (typeof WRITE_TARGETS)[number];

/** How retryable failures of a commit are handled (GATEWAY-API.md, "Background delivery"). */
export const DELIVERY_MODES = ['queue', 'now'] as const;

/** Why a file is queued (GATEWAY-API.md, per-file statuses). */
export const QUEUE_REASONS = [
  'WRITE_UNSETTLED',
  'WRITE_IN_PROGRESS',
  'PRACTICE_OFFLINE',
  'ALEX_BUSY',
  'ALEX_UNAVAILABLE',
  'ALEX_UNREACHABLE',
] as const;
export type QueueReason = (typeof QUEUE_REASONS)[number];

/** The Scan document's format (MEDTECH_SCAN_FORMAT). */
export const SCAN_FORMATS = ['pdf', 'tiff'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];
