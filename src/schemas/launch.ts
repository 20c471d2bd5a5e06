import { z } from 'zod';
import { facilityId, fhirId, gatewayId } from './common';

/**
 * Launch from Medtech Evolution (GATEWAY-API.md): the body the frontend's server side posts, the
 * answer it gets back, and the launch-id parameter of the reload route. The OpenAPI description
 * is generated from these very schemas.
 */

/** Base64 text is all Evolution puts there; the limits only keep a junk request cheap. */
const MAX_CONTEXT_LENGTH = 4096;
const MAX_SIGNATURE_LENGTH = 1024;

export const launchRequest = z.strictObject({
  context: z
    .string()
    .min(1)
    .max(MAX_CONTEXT_LENGTH)
    .describe(
      '`context` from the launch URL, exactly as read from the query string (a `+` read as a space is fine)',
    ),
  signature: z
    .string()
    .min(1)
    .max(MAX_SIGNATURE_LENGTH)
    .describe('`signature` from the launch URL, exactly as read from the query string'),
});
export type LaunchRequest = z.infer<typeof launchRequest>;

export const launchIdParams = z.object({ launchId: gatewayId });

/** Whose record this is: for the widget's banner only, never logged. */
export const patientBannerSchema = z.object({
  id: fhirId,
  name: z.string().nullable().describe("The patient's name as Medtech holds it (HumanName text), or null"),
  nhi: z.string().nullable().describe('The NHI number, or null when Medtech holds none'),
  birthDate: z.string().nullable().describe('FHIR date (YYYY, YYYY-MM or YYYY-MM-DD), or null'),
  gender: z.enum(['male', 'female', 'other', 'unknown']).nullable(),
});
export type PatientBanner = z.infer<typeof patientBannerSchema>;

export const launchResponse = z.object({
  launchId: z.uuid().describe('Keep this (not the pair) in the URL after the launch; GET it on reload'),
  facilityId: facilityId.describe('The practice Evolution launched from (ALEX `facilityCode`)'),
  patientId: fhirId.nullable().describe('The patient selected in Evolution, or null when none was'),
  providerId: fhirId.nullable().describe('The logged-in provider; pass it to commit as `providerId`'),
  createdTime: z.iso
    .datetime({ offset: true })
    .describe('When Evolution made the launch link, as ALEX gives it (NZ time with offset)'),
  encounterId: z.string().startsWith('launch-').describe('`launch-<launchId>`: Medtech gives no encounter'),
  patient: patientBannerSchema.nullable().describe('null when Evolution had no patient selected'),
});
export type LaunchAnswer = z.infer<typeof launchResponse>;
