import { referencedId } from '../fhir-http';
import { OUTCOMES } from '../outcomes';
import type { RuleContext } from './create-resource';

/**
 * [assumed] Checks that references point at something that exists in the same facility,
 * as any FHIR server with referential integrity would. They catch a gateway that mixes up
 * Patient ids between facilities, or references a Media that was never created.
 */
export function requirePatient(
  reference: fhir4.Reference | undefined,
  element: string,
  { facility, store }: RuleContext,
): fhir4.OperationOutcome | undefined {
  const id = referencedId(reference, 'Patient');
  if (id && store.patient(facility, id)) return undefined;
  return OUTCOMES.businessRule(`${element} must reference a Patient of this facility`);
}

export function checkPractitioner(
  reference: fhir4.Reference | undefined,
  element: string,
  { facility, store }: RuleContext,
): fhir4.OperationOutcome | undefined {
  if (!reference) return undefined;
  const id = referencedId(reference, 'Practitioner');
  if (id && store.practitioner(facility, id)) return undefined;
  return OUTCOMES.businessRule(`${element} must reference a Practitioner of this facility`);
}

export function checkMedia(
  reference: fhir4.Reference | undefined,
  element: string,
  { facility, store }: RuleContext,
): fhir4.OperationOutcome | undefined {
  if (!reference?.reference?.includes('Media/')) return undefined;
  const id = referencedId(reference, 'Media');
  if (id && store.get(facility.facilityId, 'Media', id)) return undefined;
  return OUTCOMES.businessRule(`${element} references a Media that does not exist in this facility`);
}
