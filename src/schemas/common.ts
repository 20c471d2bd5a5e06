import { z } from 'zod';
import { FACILITY_ID_PATTERN } from './patterns';

/**
 * Shapes shared by the phone-handoff and upload endpoints. Exported so the OpenAPI description
 * is generated from the very schemas the controllers validate with.
 */

/**
 * A FHIR logical id (R4 `id`). "." and "..", though R4's pattern allows them, are refused: as a
 * URL segment (`Patient/..`) they would send ALEX a different request than the one intended.
 */
export const FHIR_ID_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9\-.]{1,64}$/;

/** A FHIR logical id (patient, encounter): what ALEX itself accepts. */
export const fhirId = z
  .string()
  .regex(FHIR_ID_PATTERN, 'must be 1 to 64 letters, digits, "-" or "." (not only dots)')
  .describe('A Medtech (FHIR) id');

export const facilityId = z
  .string()
  .regex(FACILITY_ID_PATTERN, 'must be a facility id from MEDTECH_FACILITY_IDS')
  .describe('The practice, one of MEDTECH_FACILITY_IDS');

/** Ids the gateway generates (sessions, files); anything else is simply not found. */
export const gatewayId = z.string().min(1).max(128);

export const isoInstant = z.iso.datetime().describe('ISO 8601 instant (UTC)');

export const optionalFacilityQuery = z.object({ facilityId: facilityId.optional() });

/** The phone's context fields: a phone request that sets them is refused, never obeyed. */
export const fromSessionOnly = z
  .undefined({ error: 'comes from the phone session and cannot be set by the phone' })
  .optional();
