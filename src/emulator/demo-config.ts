import type { Config } from '../config';
import { demoConfigFrom, type DemoConfig } from '../demo';
import { SEED } from './seed';

/**
 * What the /demo page offers to pick from: the emulator's seeded patients and practitioners for
 * every facility this gateway serves. Against live ALEX there is no seed, so the lists are empty
 * and the demo asks for ids by hand.
 */
export function demoConfigForEmulator(config: Readonly<Config>): DemoConfig {
  const facilities = SEED.facilities.filter(
    (facility) =>
      config.medtech.mode === 'emulator' && config.medtech.facilityIds.includes(facility.facilityId),
  );
  const patients = facilities.flatMap((facility) =>
    facility.patients.map((patient) => ({
      facilityId: facility.facilityId,
      patientId: patient.id,
      name: `${patient.given} ${patient.family}`,
      nhi: patient.nhi,
    })),
  );
  const practitioners = facilities.flatMap((facility) =>
    facility.practitioners.map((practitioner) => ({
      id: practitioner.id,
      name: `${practitioner.prefix} ${practitioner.given} ${practitioner.family}`,
    })),
  );
  return demoConfigFrom(config, patients, practitioners);
}
