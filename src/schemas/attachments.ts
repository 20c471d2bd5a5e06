import { z } from 'zod';
import { MAX_FILES_PER_REQUEST } from './limits';
import { facilityId, fhirId, fromSessionOnly, gatewayId, isoInstant, optionalFacilityQuery } from './common';

/**
 * The declared type and size are checked by the staging service (415 / 413 naming the field),
 * not here, so that a wrong type is not reported as a generic 400.
 */
export const fileDeclarationSchema = z.object({
  clientRef: z.string().min(1).max(128),
  contentType: z
    .string()
    .min(1)
    .max(255)
    .describe(
      'The type the browser reports. Another named type than the five accepted ones gets 415; `application/octet-stream` (the browser does not know) is let through. The bytes decide at upload.',
    ),
  sizeBytes: z.number().int().positive(),
});

const declaredFiles = z
  .array(fileDeclarationSchema)
  .min(1)
  .max(MAX_FILES_PER_REQUEST, `at most ${MAX_FILES_PER_REQUEST} files per request`)
  .refine((files) => new Set(files.map((file) => file.clientRef)).size === files.length, {
    message: 'each clientRef must be unique',
  });

/** upload-initiate from the phone: the context comes from its session. */
export const mobileUploadInitiateBody = z.object({
  files: declaredFiles,
  facilityId: fromSessionOnly,
  patientId: fromSessionOnly,
  encounterId: fromSessionOnly,
});

/** upload-initiate with an API key: the caller names the context. */
export const apiKeyUploadInitiateBody = z.object({
  encounterId: fhirId,
  patientId: fhirId,
  facilityId,
  files: declaredFiles,
});

export const uploadInitiateResponse = z.object({
  uploadSessionId: z.string(),
  files: z.array(
    z.object({
      clientRef: z.string(),
      fileId: z.string(),
      uploadUrl: z.string().describe('Path to POST the bytes to, as multipart/form-data'),
      method: z.literal('POST'),
      fieldName: z.literal('file'),
      expiresAt: isoInstant,
      position: z
        .number()
        .int()
        .positive()
        .describe("1-based declaration order within the upload session, as the session view's files show it"),
    }),
  ),
});

export const fileIdParams = z.object({ fileId: gatewayId });

export const uploadResponse = z.object({
  fileId: z.string(),
  status: z.literal('ready'),
  contentType: z.literal('image/jpeg'),
  sizeBytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  sha256: z.string(),
  originalBytes: z.number().int(),
  originalType: z.string(),
});

export const contentQuery = optionalFacilityQuery.extend({
  variant: z.enum(['full', 'thumbnail']).default('full'),
});
