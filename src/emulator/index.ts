/**
 * The ALEX emulator: a documented double of Medtech ALEX (FHIR R4 behind Entra ID tokens)
 * for the dev server, integration tests and benchmarks. See docs/EMULATOR.md.
 */
export { createEmulatorApp } from './app';
export { startEmulator, type RunningEmulator, type StartOptions } from './start';
export { EMULATOR_CREDENTIALS, type EmulatorCredentials } from './credentials';
export type { EmulatorOptions } from './options';
export { EmulatorState } from './state';
export { FAULTS, type Fault } from './faults';
export type { JournalEntry } from './journal';
export { ANY_ROUTE, TOKEN_ROUTE, routeKey } from './route-key';
export type { CreatedRecord, WritableResource, WritableType } from './store';
export { EMULATOR_ROLES } from './tokens';
export { MEDIA_CONTENT_TYPES, MEDIA_MAX_BYTES } from './routes/media-rules';
export { SCAN_CONTENT_TYPES, SCAN_MAX_BYTES, SCAN_LOINC } from './routes/document-reference-rules';
export type { DocumentReferenceSearchMode } from './state';
export { ALEX_TEXT, OUTCOMES } from './outcomes';
export {
  SEED,
  SEED_FACILITY_IDS,
  seedFacility,
  NHI_SYSTEM,
  HPI_FACILITY_SYSTEM,
  type SeedFacility,
  type SeedPatient,
  type SeedPractitioner,
} from './seed';
