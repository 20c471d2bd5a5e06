import { FHIR_URLS } from '../../alex/builders/fhir-urls';
import type { AlexClient } from '../../alex/types';

/**
 * After a POST /Media timed out, the Media may exist. ALEX offers one Media search, chained on
 * the patient's NHI; look there for our identifier before sending the POST again. A failed
 * look-up throws (the file stays retryable and uncertain) rather than risking a duplicate. A
 * patient without an NHI cannot be searched: the POST is then sent again with the same
 * identifier, the best that ALEX allows. Only the first page of the search is read.
 */
export async function findLandedMedia(
  alex: AlexClient,
  facilityId: string,
  patientId: string,
  imageId: string,
): Promise<string | undefined> {
  const { patient } = await alex.readPatient(facilityId, patientId);
  const nhi = patient.identifier?.find((identifier) => identifier.system === FHIR_URLS.nhiSystem)?.value;
  if (!nhi) return undefined;
  const { data } = await alex.request<fhir4.Bundle>({
    facilityId,
    method: 'GET',
    path: 'Media',
    query: { 'patient.identifier': `${FHIR_URLS.nhiSystem}|${nhi}` },
    routeTemplate: 'GET /Media?patient.identifier',
  });
  const match = (data.entry ?? [])
    .map((entry) => entry.resource)
    .filter((resource): resource is fhir4.Media => resource?.resourceType === 'Media')
    .find((resource) =>
      (resource.identifier ?? []).some(
        (identifier) => identifier.system === FHIR_URLS.imageIdentifier && identifier.value === imageId,
      ),
    );
  return match?.id;
}
