import { AppError, toAppError } from '../../errors';
import { AlexHttpError, type AlexClient } from '../alex';
import { FHIR_URLS } from '../../fhir/builders/fhir-urls';
import type { WriteName } from './commit-plan';
import type { CommitRecord } from './write-ahead-record';

/**
 * What a look-up after the settle window found for an ambiguous write:
 * - `found`: ALEX has it (adopt `id`);
 * - `absent`: it never landed, so it may be written again with the same identifier;
 * - `uncheckable`: there is no way to know (no look-up for this type, ALEX refuses the search,
 *   the patient has no NHI): the write becomes uncertain and only an explicit resend sends it;
 * - `failed`: the look-up itself failed retryably: try again later, like a delivery.
 */
export type Resolution =
  | { kind: 'found'; id: string }
  | { kind: 'absent' }
  | { kind: 'uncheckable' }
  | { kind: 'failed'; error: AppError };

/** Resource types ALEX can search by the patient's NHI (ALEX.md sections 3 and 7). */
const SEARCHABLE: Partial<Record<WriteName, 'Media' | 'DocumentReference'>> = {
  media: 'Media',
  document: 'DocumentReference',
};

export async function resolveUnsettled(
  alex: AlexClient,
  record: CommitRecord,
  name: WriteName,
): Promise<Resolution> {
  const type = SEARCHABLE[name];
  const plan = record.plan;
  if (!type || !plan) return { kind: 'uncheckable' };
  try {
    const { patient } = await alex.readPatient(plan.facilityId, plan.patientId);
    const nhi = patient.identifier?.find((identifier) => identifier.system === FHIR_URLS.nhiSystem)?.value;
    if (!nhi) return { kind: 'uncheckable' };
    const candidates = await alex.searchByNhi<fhir4.Media | fhir4.DocumentReference>(
      plan.facilityId,
      type,
      nhi,
    );
    const match = candidates.find((resource) =>
      (resource.identifier ?? []).some(
        (identifier) =>
          identifier.system === FHIR_URLS.imageIdentifier && identifier.value === record.imageId,
      ),
    );
    return match?.id ? { kind: 'found', id: match.id } : { kind: 'absent' };
  } catch (error) {
    // ALEX refuses search shapes it does not support with 403 (ALEX.md section 3).
    if (error instanceof AlexHttpError && error.status === 403) return { kind: 'uncheckable' };
    return { kind: 'failed', error: toAppError(error) };
  }
}
