import { z } from 'zod';
import { FHIR_ID_PATTERN } from './common';
import { FACILITY_ID_PATTERN, NHI_PATTERN } from './patterns';

/**
 * `GET /api/medtech/test` query. `nhi` and `patientId` are exclusive; with neither, the
 * configured MEDTECH_TEST_NHI is searched. Unknown parameters are ignored.
 */
export const medtechTestQuery = z
  .object({
    facilityId: z.string().trim().regex(FACILITY_ID_PATTERN, 'must be an HPI facility id').optional(),
    nhi: z
      .string()
      .trim()
      .toUpperCase()
      .regex(NHI_PATTERN, 'must be an NHI (AAANNNN or AAANNAX, no I or O)')
      .optional(),
    patientId: z.string().trim().regex(FHIR_ID_PATTERN, 'must be a FHIR id').optional(),
  })
  .refine((query) => !(query.nhi && query.patientId), {
    message: 'give nhi or patientId, not both',
    path: ['patientId'],
  });

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
