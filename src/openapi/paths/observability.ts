import { z } from 'zod';
import { auditQuery, auditResponse } from '../../schemas/audit';
import type { DocBuilder } from '../builder';
import { API_KEY_ERRORS, FACILITY_ERRORS } from './common';

const AuditResponse = auditResponse.meta({ id: 'AuditRecords' });

const exampleRecord = {
  id: '6f1c3a52-9d1e-4f0a-8a53-2b7c1e0d9a11',
  recorded: '2026-12-01T09:14:03.512Z',
  action: 'file.read',
  outcome: 'success',
  actor: { type: 'api-key', keyId: '3fa9c0d1e2b4' },
  facilityId: 'F2N060-E',
  patientId: '14e52e16edb7a435bfa05e307afd008b',
  encounterId: 'enc-1',
  sessionId: '0d3c2b1a-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  fileId: 'f-6c1d2e3f',
  sha256: 'a'.repeat(64),
  correlationId: '7b9e1c2d-3f4a-4b5c-9d6e-0f1a2b3c4d5e',
  prevHash: 'b'.repeat(64),
  hash: 'c'.repeat(64),
};

/** `/metrics` (Prometheus) and the audit query. */
export function describeObservability(doc: DocBuilder): void {
  doc.add({
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    tag: 'Observability',
    summary: 'Prometheus metrics of every live gateway process',
    description:
      '`Authorization: Bearer <METRICS_TOKEN>`; when METRICS_TOKEN is unset (never in production) any API key works. ' +
      'Prometheus text format; labels carry route templates and allow-listed facilities, never ids.',
    credentials: ['apiKey'],
    responses: {
      200: {
        description: 'Prometheus text exposition format.',
        schema: z.string(),
        mediaType: 'text/plain',
      },
    },
    errors: ['UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE'],
  });

  doc.add({
    method: 'get',
    path: '/api/integrations/medtech/audit',
    operationId: 'getAuditRecords',
    tag: 'Observability',
    summary: "The audit trail: who saw or sent a patient's photos, and when",
    description:
      'Newest first, at most `limit`. Records carry ids and a hash chain only: no NHI, name, image or token. ' +
      '`format=fhir` answers a FHIR R4 Bundle of AuditEvent (IHE Basic Audit Log Patterns) as application/fhir+json.',
    credentials: ['apiKey'],
    query: auditQuery,
    responses: {
      200: {
        description: 'The matching records.',
        schema: AuditResponse,
        examples: { oneRead: { value: { records: [exampleRecord] } } },
      },
    },
    errors: [...API_KEY_ERRORS, ...FACILITY_ERRORS],
  });
}
