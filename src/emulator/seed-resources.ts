import {
  HPI_FACILITY_SYSTEM,
  HPI_PERSON_SYSTEM,
  NHI_SYSTEM,
  type SeedFacility,
  type SeedPatient,
  type SeedPractitioner,
} from './seed';

/** Turns seed rows into the FHIR R4 resources ALEX would return for them. */

/** A fixed lastUpdated for seed data, so responses are stable across runs. */
const SEED_LAST_UPDATED = '2025-11-01T09:00:00.000+13:00';

export function patientResource(row: SeedPatient): fhir4.Patient {
  return {
    resourceType: 'Patient',
    id: row.id,
    meta: { versionId: row.id, lastUpdated: SEED_LAST_UPDATED },
    identifier: [{ use: 'official', system: NHI_SYSTEM, value: row.nhi }],
    active: true,
    name: [{ use: 'official', family: row.family, given: [row.given] }],
    gender: row.gender,
    birthDate: row.birthDate,
  };
}

export function practitionerResource(row: SeedPractitioner): fhir4.Practitioner {
  return {
    resourceType: 'Practitioner',
    id: row.id,
    meta: { versionId: row.id, lastUpdated: SEED_LAST_UPDATED },
    identifier: [{ use: 'official', system: HPI_PERSON_SYSTEM, value: row.cpn }],
    active: true,
    name: [{ use: 'official', family: row.family, given: [row.given], prefix: [row.prefix] }],
  };
}

export function locationResource(facility: SeedFacility): fhir4.Location {
  return {
    resourceType: 'Location',
    id: facility.locationId,
    meta: { versionId: facility.locationId, lastUpdated: SEED_LAST_UPDATED },
    identifier: [{ use: 'official', system: HPI_FACILITY_SYSTEM, value: facility.facilityId }],
    status: 'active',
    name: facility.name,
    mode: 'instance',
  };
}
