import { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors';

/**
 * The error envelope of GATEWAY-API.md as a schema, for the OpenAPI description and for tests
 * that check error bodies. The mapper builds the body (toEnvelope); this describes it.
 */

/** Every code a caller can see, in catalogue order. */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]];

export const errorCodeSchema = z.enum(ERROR_CODES).meta({
  id: 'ErrorCode',
  description: 'Stable, machine-readable error code (see the error catalogue)',
});

/** A field problem (`path`, `problem`) or an upstream issue (`code`, `severity`). */
export const errorDetailSchema = z
  .object({
    path: z.string().optional().describe('The field, e.g. `files.0.meta.laterality`'),
    problem: z.string().optional().describe('What is wrong with it, for a developer'),
    code: z.string().optional().describe('An upstream OperationOutcome issue code'),
    severity: z.string().optional().describe('The upstream issue severity'),
  })
  .meta({ id: 'ErrorDetail' });

/** The envelope with any code. */
export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: errorCodeSchema,
      message: z.string().describe('Written for a clinician: no jargon, no identifiers, no secrets'),
      correlationId: z.uuid().describe('The X-Correlation-Id of this request'),
      retryable: z.boolean().describe('Whether sending the same request again later can succeed'),
      details: z.array(errorDetailSchema),
    }),
  })
  .meta({ id: 'ErrorEnvelope', description: 'Every error, from any layer, has this shape' });

/**
 * The envelope with `code` limited to `codes`: what one response of one operation can carry.
 * The narrowing half is loose (it says nothing about the envelope's other fields), so a
 * validator that closes objects by default still accepts a full envelope against it.
 */
export function errorEnvelopeFor(codes: readonly ErrorCode[]) {
  const only = z.looseObject({
    error: z.looseObject({ code: z.enum(codes as [ErrorCode, ...ErrorCode[]]) }),
  });
  return z.intersection(errorEnvelopeSchema, only);
}
