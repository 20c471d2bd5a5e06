import { z } from 'zod';
import { AppError } from '../../errors';
import { FHIR_ID_PATTERN } from '../../schemas/common';

/**
 * ALEX's answer to a decode (ALEX.md section 8): `{patientId|null, facilityCode, providerId,
 * createdTime}`. Extra fields are ignored; a missing or odd one means ALEX sent something the
 * gateway cannot trust to pick a patient record, so the launch stops there.
 */
const decodedContextSchema = z.object({
  facilityCode: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  patientId: z.string().regex(FHIR_ID_PATTERN).nullable(),
  providerId: z.string().regex(FHIR_ID_PATTERN).nullish(),
  createdTime: z.iso.datetime({ offset: true, local: false }),
});

export interface DecodedContext {
  facilityId: string;
  patientId: string | null;
  providerId: string | null;
  /** As ALEX wrote it (NZ time with offset). */
  createdTime: string;
}

/** ALEX's 200 body as a DecodedContext; anything else is 502 ALEX_REJECTED (no field values logged). */
export function readDecodedContext(data: unknown): DecodedContext {
  const parsed = decodedContextSchema.safeParse(data);
  if (!parsed.success) {
    throw new AppError('ALEX_REJECTED', {
      message: 'Medtech answered the launch link in a way the gateway cannot read. Contact support.',
      details: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), problem: issue.code })),
    });
  }
  const { facilityCode, patientId, providerId, createdTime } = parsed.data;
  return { facilityId: facilityCode, patientId, providerId: providerId ?? null, createdTime };
}
