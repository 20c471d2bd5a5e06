import { z } from 'zod';
import { FHIR_ID_PATTERN } from './common';

/** NZ NHI: three letters (no I or O) then four characters, old and new formats. */
const NHI = /^[A-HJ-NP-Z]{3}[0-9]{2}[0-9A-HJ-NP-Z]{2}$/;
const FACILITY_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * `GET /api/medtech/test` query. `nhi` and `patientId` are exclusive; with neither, the
 * configured MEDTECH_TEST_NHI is searched. Unknown parameters are ignored.
 */
export const medtechTestQuery = z
  .object({
    facilityId: z.string().trim().regex(FACILITY_ID, 'must be an HPI facility id').optional(),
    nhi: z.string().trim().toUpperCase().regex(NHI, 'must be an NHI (3 letters, 4 characters)').optional(),
    patientId: z.string().trim().regex(FHIR_ID_PATTERN, 'must be a FHIR id').optional(),
  })
  .refine((query) => !(query.nhi && query.patientId), {
    message: 'give nhi or patientId, not both',
    path: ['patientId'],
  });

export type MedtechTestQuery = z.infer<typeof medtechTestQuery>;

/** The body of a successful `GET /api/medtech/test`: ids and statuses, never patient data. */
export const medtechTestResponse = z.object({
  ok: z.literal(true),
  correlationId: z.string(),
  durationMs: z.number().int().nonnegative(),
  facilityId: z.string(),
  patientFound: z.boolean(),
  patientId: z.string().nullable(),
  alexStatus: z.number().int(),
});

export const tokenInfoResponse = z.object({
  cached: z.boolean(),
  expiresAt: z.string().nullable(),
  expiresInSeconds: z.number().int().nullable(),
  refreshesAt: z.string().nullable(),
  tokenRequests: z.number().int(),
  lastError: z.string().nullable(),
  mode: z.enum(['live', 'emulator']),
});
