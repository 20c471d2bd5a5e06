import { AppError, toAppError } from '../../errors';
import { AlexHttpError } from '../alex/errors';
import { FHIR_URLS } from '../alex/builders/fhir-urls';
import type { AlexClient } from '../alex/types';
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

/** ALEX answers searches in pages; small pages keep each answer far under the response limit. */
export const LOOKUP_PAGE_SIZE = 20;
const MAX_PAGES = 500;

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
    const id = await findByIdentifier(alex, plan.facilityId, type, nhi, record.imageId);
    return id ? { kind: 'found', id } : { kind: 'absent' };
  } catch (error) {
    // ALEX refuses search shapes it does not support with 403 (ALEX.md section 3).
    if (error instanceof AlexHttpError && error.status === 403) return { kind: 'uncheckable' };
    return { kind: 'failed', error: toAppError(error) };
  }
}

/** Reads every page of the chained NHI search until a resource with our identifier turns up. */
async function findByIdentifier(
  alex: AlexClient,
  facilityId: string,
  type: 'Media' | 'DocumentReference',
  nhi: string,
  imageId: string,
): Promise<string | undefined> {
  let query: Record<string, string> | undefined = {
    'patient.identifier': `${FHIR_URLS.nhiSystem}|${nhi}`,
    _count: String(LOOKUP_PAGE_SIZE),
  };
  for (let page = 0; query && page < MAX_PAGES; page += 1) {
    const { data } = await alex.request<fhir4.Bundle>({
      facilityId,
      method: 'GET',
      path: type,
      query,
      routeTemplate: `GET /${type}?patient.identifier`,
    });
    const match = (data.entry ?? [])
      .map((entry) => entry.resource)
      .find(
        (resource) =>
          resource?.resourceType === type &&
          ((resource as fhir4.Media | fhir4.DocumentReference).identifier ?? []).some(
            (identifier) => identifier.system === FHIR_URLS.imageIdentifier && identifier.value === imageId,
          ),
      );
    if (match?.id) return match.id;
    query = nextPageQuery(data);
  }
  return undefined;
}

/** The query of the Bundle's `next` link, if any (only its query: the base URL is ours). */
function nextPageQuery(bundle: fhir4.Bundle): Record<string, string> | undefined {
  const next = bundle.link?.find((link) => link.relation === 'next')?.url;
  if (!next) return undefined;
  try {
    return Object.fromEntries(new URL(next, 'https://alex.invalid/').searchParams.entries());
  } catch {
    return undefined;
  }
}
