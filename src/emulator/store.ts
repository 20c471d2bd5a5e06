import { seedFacility, type SeedFacility, type SeedPatient, type SeedPractitioner } from './seed';

/** Resource types a client may create through the emulator. */
export type WritableType = 'Media' | 'Communication' | 'Task' | 'DocumentReference';
export type WritableResource = fhir4.Media | fhir4.Communication | fhir4.Task | fhir4.DocumentReference;

/** A resource created through the emulator, with the facility it was written to. */
export interface CreatedRecord {
  type: WritableType;
  facilityId: string;
  resource: WritableResource;
  createdAt: string;
}

export const DEFAULT_STORE_CAPACITY = 5000;

/**
 * Seed data (read-only) plus resources created by POSTs, partitioned by facility.
 * Created resources are bounded: past `capacity`, the oldest is forgotten (a later read of
 * it answers 404), so a long benchmark cannot grow the emulator without limit.
 */
export class ResourceStore {
  private readonly created = new Map<string, CreatedRecord>();

  constructor(private readonly capacity = DEFAULT_STORE_CAPACITY) {}

  facility(facilityId: string | undefined): SeedFacility | undefined {
    return seedFacility(facilityId);
  }

  patient(facility: SeedFacility, id: string): SeedPatient | undefined {
    return facility.patients.find((patient) => patient.id === id);
  }

  patientByNhi(facility: SeedFacility, nhi: string): SeedPatient | undefined {
    const wanted = nhi.trim().toUpperCase();
    return facility.patients.find((patient) => patient.nhi === wanted);
  }

  practitioner(facility: SeedFacility, id: string): SeedPractitioner | undefined {
    return facility.practitioners.find((practitioner) => practitioner.id === id);
  }

  add(record: CreatedRecord): void {
    const id = record.resource.id ?? '';
    this.created.set(key(record.facilityId, record.type, id), record);
    if (this.created.size > this.capacity) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.created.keys().next().value;
      if (oldest !== undefined) this.created.delete(oldest);
    }
  }

  get(facilityId: string, type: WritableType, id: string): CreatedRecord | undefined {
    return this.created.get(key(facilityId, type, id));
  }

  /** Created records, oldest first; only `type` and/or `facilityId` when given. */
  list(type?: WritableType, facilityId?: string): CreatedRecord[] {
    const records: CreatedRecord[] = [];
    for (const record of this.created.values()) {
      if (
        (type === undefined || record.type === type) &&
        (facilityId === undefined || record.facilityId === facilityId)
      ) {
        records.push(record);
      }
    }
    return records;
  }

  clear(): void {
    this.created.clear();
  }
}

function key(facilityId: string, type: WritableType, id: string): string {
  return `${facilityId}/${type}/${id}`;
}
