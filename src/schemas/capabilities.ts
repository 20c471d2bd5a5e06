import { z } from 'zod';
import { ACCEPTED_UPLOAD_TYPES } from './limits';
import { SCAN_FORMATS, WRITE_TARGETS } from './statuses';

/** A Coding as the dictionaries carry it: all three fields are always present. */
export const codingOutput = z.object({
  system: z.string(),
  code: z.string(),
  display: z.string(),
});

/**
 * `GET /api/integrations/medtech/capabilities`. The document is built by
 * services/capabilities (CapabilitiesBody); this schema describes it for the OpenAPI document.
 */
export const capabilitiesResponse = z.object({
  provider: z.object({
    name: z.literal('alex'),
    environment: z.enum(['uat', 'production', 'emulator']),
  }),
  features: z.object({
    images: z.object({
      enabled: z.literal(true),
      mobileHandoff: z.object({ qr: z.literal(true), ttlSeconds: z.number().int().positive() }),
      inbox: z.object({ enabled: z.literal(true) }),
      tasks: z.object({ enabled: z.literal(true) }),
      writeTargets: z
        .object({
          default: z
            .enum(WRITE_TARGETS)
            .describe('Where a commit writes when it names no `target` (MEDTECH_WRITE_TARGET)'),
          available: z.array(z.enum(WRITE_TARGETS)).describe('The values a commit may give as `target`'),
          scanFormat: z
            .enum(SCAN_FORMATS)
            .describe('Format of the Inbox Scan document (MEDTECH_SCAN_FORMAT)'),
        })
        .describe(
          '`media`: a FHIR Media (a "View" link in the Medtech Inbox); `scan`: a DocumentReference in the Inbox Scan folder, for the GP to file; `both`: the Media, then the Scan document',
        ),
      quickChips: z.object({
        laterality: z.array(codingOutput).describe('SNOMED CT laterality qualifiers'),
        bodySitesCommon: z.array(codingOutput).describe('Common SNOMED CT body sites'),
        views: z.array(codingOutput).describe('ClinicPro image views'),
        types: z.array(codingOutput).describe('ClinicPro image types'),
      }),
    }),
  }),
  limits: z.object({
    attachments: z.object({
      acceptedTypes: z.array(z.enum(ACCEPTED_UPLOAD_TYPES)),
      maxInputBytes: z.number().int().describe('Largest photo the phone may send (IMAGE_MAX_INPUT_BYTES)'),
      maxSizeBytes: z.number().int().describe('Largest stored JPEG (IMAGE_MAX_OUTPUT_BYTES)'),
      maxPerRequest: z.number().int(),
      maxTotalBytesPerEncounter: z.number().int(),
    }),
  }),
});
