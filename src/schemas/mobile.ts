import { z } from 'zod';
import { ACCEPTED_UPLOAD_TYPES } from './limits';
import { FILE_VIEW_STATUSES } from './statuses';
import { fileCommitState } from './commit';
import { facilityId, fhirId, gatewayId, isoInstant } from './common';
import { NHI_PATTERN } from './patterns';

/** Shown on the phone page only; stored in the session, never logged, never in the token. */
export const patientDisplaySchema = z.object({
  name: z.string().trim().min(1).max(200),
  nhi: z
    .string()
    .trim()
    .toUpperCase()
    .regex(NHI_PATTERN, 'must be an NHI number (AAANNNN or AAANNAX, no I or O)'),
});

export const mobileInitiateBody = z.object({
  encounterId: fhirId,
  patientId: fhirId,
  facilityId,
  patientDisplay: patientDisplaySchema.optional(),
});

export const mobileInitiateResponse = z.object({
  sessionId: z.string(),
  mobileUploadUrl: z.url().describe('MOBILE_UPLOAD_BASE_URL with the phone token in `t`'),
  qrSvg: z.string().startsWith('data:image/svg+xml;base64,'),
  expiresAt: isoInstant,
  ttlSeconds: z.number().int().positive(),
  eventsUrl: z
    .url()
    .describe(
      "Absolute URL (GATEWAY_PUBLIC_URL) of the session's event stream, with the desktop token in `dt`",
    ),
  eventsExpiresAt: isoInstant.describe('When the desktop token in eventsUrl stops working'),
});

/** POST mobile/sessions/:sessionId/events-token: a fresh desktop token. */
export const eventsTokenResponse = mobileInitiateResponse.pick({ eventsUrl: true, eventsExpiresAt: true });

export const sessionStateSchema = z.enum(['created', 'opened', 'uploading', 'expired', 'revoked']);

export const sessionIdParams = z.object({ sessionId: gatewayId });

export const fileErrorSchema = z.object({ code: z.string(), message: z.string() });

/** One file in the desktop's session view; the image fields are null until the file is ready. */
export const sessionFileView = z.object({
  fileId: z.string(),
  clientRef: z.string(),
  position: z
    .number()
    .int()
    .positive()
    .describe(
      '1-based order in which the phone (or upload-initiate caller) declared the file within its upload session; ' +
        'phone and desktop label the photo by it (1 = A), so both show the same label',
    ),
  status: z
    .enum(FILE_VIEW_STATUSES)
    .describe('queued: the gateway will file it in Medtech by itself (show "will be filed automatically")'),
  contentType: z.literal('image/jpeg').nullable(),
  sizeBytes: z.number().int().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  sha256: z.string().nullable(),
  error: fileErrorSchema.nullable(),
  previewUrl: z.string().nullable().describe('Path of the content endpoint; null until ready'),
  thumbnailUrl: z.string().nullable().describe('Path of the 320 px thumbnail; null until ready'),
  commit: fileCommitState.nullable().describe('Its commit state; null until a commit names it'),
});

export const sessionViewResponse = z.object({
  sessionId: z.string(),
  state: sessionStateSchema,
  expiresAt: isoInstant,
  files: z.array(sessionFileView),
});

export const uploadLimitsSchema = z.object({
  maxPerRequest: z.number().int(),
  maxInputBytes: z.number().int(),
  maxTotalBytesPerEncounter: z.number().int(),
  acceptedTypes: z.array(z.enum(ACCEPTED_UPLOAD_TYPES)),
});

export const phoneSessionResponse = z.object({
  sessionId: z.string().describe("The phone's own session, for the path of its event stream"),
  state: sessionStateSchema,
  expiresAt: isoInstant,
  patientDisplay: patientDisplaySchema.nullable(),
  limits: uploadLimitsSchema,
});
