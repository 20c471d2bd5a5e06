import { createHash } from 'node:crypto';
// RFC 8785, as the audit chain uses: the same tags always give the same fingerprint.
import canonicalize from 'canonicalize';
import type { ImageMeta } from '../../fhir/builders/media';

import type { WriteTarget } from '../../schemas/statuses';

export type { WriteTarget };
export type DeliveryMode = 'queue' | 'now';

/**
 * What a commit asked for one file, fixed by its first claimed commit and kept in the commit
 * record, so that background delivery can finish the work with nothing but the file id.
 * Holds ids and clinical tags only: no bytes, no names, no NHI.
 */
export interface CommitPlan {
  target: WriteTarget;
  delivery: DeliveryMode;
  meta: ImageMeta;
  facilityId: string;
  patientId: string;
  encounterId: string;
  providerId?: string;
  inbox?: { recipientId: string; note?: string };
  task?: { assigneeId: string; due?: string; note?: string };
  /** When the photo was staged (ISO): Media.createdDateTime and the Scan caption's date. */
  uploadedAt: string;
  /** When the photo was taken, if its EXIF said so (read before stripping), for the caption. */
  capturedAt?: string | null;
}

/** The writes a plan needs, in the order they are made: main writes first, follow-ups after. */
export type WriteName = 'media' | 'document' | 'inbox' | 'task';
export const MAIN_WRITES: readonly WriteName[] = ['media', 'document'];

export function writesOf(plan: CommitPlan): WriteName[] {
  const names: WriteName[] = [];
  if (plan.target !== 'scan') names.push('media');
  if (plan.target !== 'media') names.push('document');
  if (plan.inbox) names.push('inbox');
  if (plan.task) names.push('task');
  return names;
}

/** A fingerprint of what may not change after the first claimed commit: the tags and the target. */
export function planFingerprint(plan: Pick<CommitPlan, 'meta' | 'target'>): { meta: string; target: string } {
  const meta = createHash('sha256')
    .update(canonicalize(plan.meta) ?? '')
    .digest('hex')
    .slice(0, 16);
  return { meta, target: plan.target };
}
