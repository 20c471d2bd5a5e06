import { AppError } from '../../errors';
import type { CommitRecord } from './commit-record';
import type { CommitFileDeps } from './commit-types';
import { assertConformant } from './conformance-guard';

/**
 * One ALEX write made on behalf of a claimed file: checked against the FHIR R4 schema, queued
 * behind the facility's concurrency limit, and sent only if this request still owns the file
 * (the lease is renewed at that moment). Resolves to the new resource's id.
 */
export async function ownedCreate(
  deps: CommitFileDeps,
  facilityId: string,
  resource: fhir4.Resource,
  record: CommitRecord,
  owner: string,
): Promise<string> {
  assertConformant(resource);
  const created = await deps.limit(facilityId, async () => {
    await assertStillOwner(deps, record, owner);
    return deps.alex.create(facilityId, resource);
  });
  return created.id;
}

/** Renews the lease just before an ALEX write; throws COMMIT_IN_PROGRESS when another request took the file over. */
async function assertStillOwner(deps: CommitFileDeps, record: CommitRecord, owner: string): Promise<void> {
  const current = await deps.records.get(record.fileId);
  if (
    !current ||
    current.owner !== owner ||
    !(await deps.records.save({ ...current, phase: 'in_progress' }, owner))
  ) {
    throw new AppError('COMMIT_IN_PROGRESS');
  }
}
