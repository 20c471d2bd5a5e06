import type { PatientBanner } from '../../schemas/launch';
import { NHI_SYSTEM } from '../alex';

const GENDERS = new Set(['male', 'female', 'other', 'unknown']);

/** The name a clinician would read: `text`, else given names then family, of the usual name. */
export function displayName(names: fhir4.HumanName[] | undefined): string | null {
  const list = names ?? [];
  const name =
    list.find((n) => n.use === 'official') ?? list.find((n) => n.use === 'usual') ?? list.find(() => true);
  if (!name) return null;
  const text = name.text?.trim() || [...(name.given ?? []), name.family ?? ''].join(' ').trim();
  return text.replace(/\s+/g, ' ') || null;
}

/** The widget's patient banner from ALEX's Patient: id, name, NHI, birth date, gender. */
export function patientBanner(patient: fhir4.Patient, id: string): PatientBanner {
  const nhi = patient.identifier?.find((identifier) => identifier.system === NHI_SYSTEM)?.value;
  return {
    id: patient.id ?? id,
    name: displayName(patient.name),
    nhi: nhi?.trim() ? nhi.trim().toUpperCase() : null,
    birthDate: patient.birthDate ?? null,
    gender: patient.gender && GENDERS.has(patient.gender) ? patient.gender : null,
  };
}
