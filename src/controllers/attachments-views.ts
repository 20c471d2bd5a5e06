import type { StagedFile } from '../services/staging';
import type { FileCommitOutcome } from '../services/commit';
import { toFileCommitState } from './commit-results';
import type { z } from 'zod';
import type { sessionFileView as sessionFileViewSchema } from '../schemas/mobile';
import { PUBLIC_BASES } from '../schemas/url-bases';

/** Where the attachment routes live, as the caller sees them (the app mounts routers under /api). */
const ATTACHMENTS_PATH = PUBLIC_BASES.attachments;

export const uploadUrl = (fileId: string) => `${ATTACHMENTS_PATH}/uploads/${encodeURIComponent(fileId)}`;

/** The content endpoint for a file, with its facility so the desktop can use the path as is. */
export function contentPath(file: Pick<StagedFile, 'fileId' | 'facilityId'>, variant?: 'thumbnail'): string {
  const query = new URLSearchParams({ facilityId: file.facilityId });
  if (variant) query.set('variant', variant);
  return `${ATTACHMENTS_PATH}/${encodeURIComponent(file.fileId)}/content?${query.toString()}`;
}

/** What views show as a file's status: a commit's outcome wins over the staged status. */
function viewStatus(file: StagedFile, commit: FileCommitOutcome | undefined) {
  if (!commit || file.status === 'committed') return file.status;
  if (commit.status === 'committed') return 'committed' as const;
  if (commit.status === 'queued') return 'queued' as const;
  return commit.error?.code === 'DELIVERY_EXPIRED' || commit.error?.code === 'DELIVERY_UNCERTAIN'
    ? ('failed' as const)
    : file.status;
}

/**
 * A staged file as the views show it: no internal fields, no patient data. With its commit
 * state, when a commit named it (`queued` files show as such everywhere).
 */
export function sessionFileView(
  file: StagedFile,
  commit?: FileCommitOutcome,
): z.infer<typeof sessionFileViewSchema> {
  const ready = file.status === 'ready';
  const status = viewStatus(file, commit);
  const commitError =
    status === 'failed' && commit?.error ? { code: commit.error.code, message: commit.error.message } : null;
  return {
    fileId: file.fileId,
    clientRef: file.clientRef,
    position: file.position,
    status,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    width: file.width,
    height: file.height,
    sha256: file.sha256,
    error: commitError ?? file.error,
    previewUrl: ready ? contentPath(file) : null,
    thumbnailUrl: ready ? contentPath(file, 'thumbnail') : null,
    commit: commit ? toFileCommitState(commit) : null,
  };
}
