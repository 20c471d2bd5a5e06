import { FHIR_URLS } from '../../fhir/builders/fhir-urls';
import type { AlexClient } from '../alex';

/**
 * After a POST /Media timed out, the Media may exist. ALEX offers one Media search, chained on
 * the patient's NHI; look there for our identifier before sending the POST again. A failed
 * look-up throws (the file stays retryable and uncertain) rather than risking a duplicate. A
 * patient without an NHI cannot be searched: the POST is then sent again with the same
 * identifier, the best that ALEX allows. Every page of the search is read.
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
  const media = await alex.searchMediaByNhi(facilityId, nhi);
  const match = media.find((resource) =>
    (resource.identifier ?? []).some(
      (identifier) => identifier.system === FHIR_URLS.imageIdentifier && identifier.value === imageId,
    ),
  );
  return match?.id;
}
