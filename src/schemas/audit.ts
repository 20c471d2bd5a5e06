import { z } from 'zod';
import { FHIR_ID_PATTERN, facilityId, isoInstant } from './common';

/** The actions of GATEWAY-API.md "Metrics and audit" and "Audit chain". */
export const AUDIT_ACTIONS = [
  'session.create',
  'session.revoke',
  'launch.decode',
  'file.upload',
  'file.read',
  'file.delete',
  'alex.create',
  'commit.queued',
  'commit.adopted',
  'commit.resend',
  'delivery.expired',
  'delivery.uncertain',
] as const;
export const AUDIT_ACTOR_TYPES = ['api-key', 'phone', 'desktop', 'gateway'] as const;
export const AUDIT_RESOURCE_TYPES = ['Media', 'DocumentReference', 'Communication', 'Task'] as const;

/**
 * An NHI as a whole value (3 letters, 2 digits, 2 digits-or-letters). The structure branch's one
 * NHI pattern in src/schemas replaces this once merged. An id field holding one is refused, so a
 * caller that passes an NHI where an id belongs cannot put it in the audit trail.
 */
const NHI_SHAPE = /^[A-Za-z]{3}[0-9]{2}[0-9A-Za-z]{2}$/;
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters');
const auditId = z
  .string()
  .regex(FHIR_ID_PATTERN, 'must be an id')
  .refine((value) => !NHI_SHAPE.test(value), 'must be an id, not an NHI');
const gatewayUuid = z.uuid();

export const auditActor = z.strictObject({
  type: z.enum(AUDIT_ACTOR_TYPES),
  keyId: z
    .string()
    .regex(/^[0-9a-f]{12}$/, 'is the first 12 hex characters of the SHA-256 of the API key')
    .optional(),
  providerId: auditId.optional(),
});

/** The fields of a record that the chain hashes: everything but `hash`. Strict: nothing else fits. */
export const auditRecordBody = z.strictObject({
  id: gatewayUuid,
  recorded: isoInstant,
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(['success', 'failure']),
  errorCode: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,63}$/)
    .optional(),
  actor: auditActor,
  facilityId,
  patientId: auditId,
  encounterId: auditId.optional(),
  sessionId: gatewayUuid.optional(),
  fileId: auditId.optional(),
  sha256: hex64.optional(),
  resource: z.strictObject({ type: z.enum(AUDIT_RESOURCE_TYPES), id: auditId }).optional(),
  correlationId: gatewayUuid,
  prevHash: hex64,
});

/** One audit record as stored and served (GATEWAY-API.md "Metrics and audit"). */
export const auditRecord = auditRecordBody.extend({ hash: hex64 });
export type AuditRecord = z.infer<typeof auditRecord>;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditActor = z.infer<typeof auditActor>;

export const AUDIT_QUERY_MAX = 1000;

/** `GET /api/integrations/medtech/audit` query. */
export const auditQuery = z.strictObject({
  facilityId,
  patientId: z.string().regex(FHIR_ID_PATTERN, 'must be a Medtech (FHIR) id').optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_QUERY_MAX).default(100),
  format: z.enum(['json', 'fhir']).default('json'),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditResponse = z.object({ records: z.array(auditRecord) });
