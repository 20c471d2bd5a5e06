import type { StagedFile } from '../services/attachments/staging-types';
import type { z } from 'zod';
import type { sessionFileView as sessionFileViewSchema } from '../schemas/mobile';

/** Where the attachment routes live, as the caller sees them (the app mounts routers under /api). */
export const ATTACHMENTS_PATH = '/api/integrations/medtech/attachments';

export const uploadUrl = (fileId: string) => `${ATTACHMENTS_PATH}/uploads/${encodeURIComponent(fileId)}`;

/** The content endpoint for a file, with its facility so the desktop can use the path as is. */
export function contentPath(file: Pick<StagedFile, 'fileId' | 'facilityId'>, variant?: 'thumbnail'): string {
  const query = new URLSearchParams({ facilityId: file.facilityId });
  if (variant) query.set('variant', variant);
  return `${ATTACHMENTS_PATH}/${encodeURIComponent(file.fileId)}/content?${query.toString()}`;
}

/** A staged file as the desktop's session view shows it: no internal fields, no patient data. */
export function sessionFileView(file: StagedFile): z.infer<typeof sessionFileViewSchema> {
  const ready = file.status === 'ready';
  return {
    fileId: file.fileId,
    clientRef: file.clientRef,
    position: file.position,
    status: file.status,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    width: file.width,
    height: file.height,
    sha256: file.sha256,
    error: file.error,
    previewUrl: ready ? contentPath(file) : null,
    thumbnailUrl: ready ? contentPath(file, 'thumbnail') : null,
  };
}
