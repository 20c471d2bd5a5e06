import { deepFreeze } from '../utils/deep-freeze';

/**
 * The emulator's fixed practices, patients and practitioners. Everything here is fictional:
 * the NHIs are the Ministry of Health's ZZZ test range and the names are invented.
 * Patient and Practitioner ids differ per facility, as they do in ALEX (ALEX.md section 2).
 */
export const NHI_SYSTEM = 'https://standards.digital.health.nz/ns/nhi-id';
export const HPI_FACILITY_SYSTEM = 'https://standards.digital.health.nz/ns/hpi-facility-id';
export const HPI_PERSON_SYSTEM = 'https://standards.digital.health.nz/ns/hpi-person-id';

export interface SeedPatient {
  /** Patient id in this facility (32 lower-case hex, like ALEX). */
  id: string;
  nhi: string;
  family: string;
  given: string;
  gender: 'male' | 'female' | 'other' | 'unknown';
  birthDate: string;
}

export interface SeedPractitioner {
  id: string;
  /** HPI common person number (fictional). */
  cpn: string;
  family: string;
  given: string;
  prefix: string;
}

export interface SeedFacility {
  facilityId: string;
  name: string;
  /** Location resource id. */
  locationId: string;
  patients: readonly SeedPatient[];
  practitioners: readonly SeedPractitioner[];
}

/** The UAT facility of ALEX.md; ZZZ0016's id is the one real UAT returned. */
const HEALTHIER_CARE: SeedFacility = {
  facilityId: 'F2N060-E',
  name: 'Healthier Care',
  locationId: '7c4f1f0a8a2b4d52a7e0c3b9d1e6f2a4',
  patients: [
    patient('14e52e16edb7a435bfa05e307afd008b', 'ZZZ0016', 'Tapsell', 'Aroha', 'female', '1984-03-12'),
    patient('2b7d9e0c4f1a4e6b8c3d5f7a9b1c2d3e', 'ZZZ0024', 'Fielding', 'Mere', 'female', '1991-07-30'),
    patient('3c8e0f1d5a2b4f7c9d4e6a8b0c2d3e4f', 'ZZZ0032', 'Whitcombe', 'Hemi', 'male', '1958-11-02'),
    patient('4d9f1a2e6b3c4a8d0e5f7b9c1d3e4f5a', 'ZZZ0040', 'Kowhai', 'Sam', 'unknown', '2015-01-20'),
  ],
  practitioners: [
    practitioner('a1b2c3d4e5f60718293a4b5c6d7e8f90', '99ZAAA', 'Marsh', 'Ngaio', 'Dr'),
    practitioner('b2c3d4e5f60718293a4b5c6d7e8f90a1', '99ZAAB', 'Ruawai', 'Tane', 'Dr'),
    practitioner('c3d4e5f60718293a4b5c6d7e8f90a1b2', '99ZAAC', 'Pemberton', 'Lucy', 'Nurse'),
  ],
};

/** A second practice so tests can prove ids and data never cross facilities. */
const SECOND_PRACTICE: SeedFacility = {
  facilityId: 'F99669-C',
  name: 'Emulator Second Practice',
  locationId: '8d5a2b1c9e3f4a6b8c0d2e4f6a8b0c1d',
  patients: [
    patient('e5f60718293a4b5c6d7e8f90a1b2c3d4', 'ZZZ0016', 'Tapsell', 'Aroha', 'female', '1984-03-12'),
    patient('f60718293a4b5c6d7e8f90a1b2c3d4e5', 'ZZZ0024', 'Fielding', 'Mere', 'female', '1991-07-30'),
    patient('0718293a4b5c6d7e8f90a1b2c3d4e5f6', 'ZZZ0032', 'Whitcombe', 'Hemi', 'male', '1958-11-02'),
    patient('18293a4b5c6d7e8f90a1b2c3d4e5f607', 'ZZZ0040', 'Kowhai', 'Sam', 'unknown', '2015-01-20'),
  ],
  practitioners: [
    practitioner('293a4b5c6d7e8f90a1b2c3d4e5f60718', '99ZAAA', 'Marsh', 'Ngaio', 'Dr'),
    practitioner('3a4b5c6d7e8f90a1b2c3d4e5f6071829', '99ZAAD', 'Iti', 'Wiremu', 'Dr'),
    practitioner('4b5c6d7e8f90a1b2c3d4e5f60718293a', '99ZAAE', 'Corbett', 'Jo', 'Nurse'),
  ],
};

/** Every seeded facility, the UAT one first. */
export const SEED: { facilities: readonly SeedFacility[] } = deepFreeze({
  facilities: [HEALTHIER_CARE, SECOND_PRACTICE],
});

export const SEED_FACILITY_IDS: readonly string[] = SEED.facilities.map((f) => f.facilityId);

/** The seeded facility with this HPI facility id, if any. */
export function seedFacility(facilityId: string | undefined): SeedFacility | undefined {
  return SEED.facilities.find((facility) => facility.facilityId === facilityId);
}

function patient(
  id: string,
  nhi: string,
  family: string,
  given: string,
  gender: SeedPatient['gender'],
  birthDate: string,
): SeedPatient {
  return { id, nhi, family, given, gender, birthDate };
}

function practitioner(
  id: string,
  cpn: string,
  family: string,
  given: string,
  prefix: string,
): SeedPractitioner {
  return { id, cpn, family, given, prefix };
}
