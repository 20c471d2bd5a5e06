import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logging/logger';
import { currentCorrelationId } from '../../logging/request-context';
import { auditRecordBody, type AuditAction, type AuditActor, type AuditRecord } from '../../schemas/audit';
import type { CheckResult } from '../../health/readiness';
import type { AuditLog } from './audit-log';
import { GENESIS_HASH } from './chain';

/** What a caller knows about a clinical action; the trail adds id, time, chain and correlation. */
export interface AuditEntry {
  action: AuditAction;
  outcome: 'success' | 'failure';
  errorCode?: string;
  actor: AuditActor;
  facilityId: string;
  patientId: string;
  encounterId?: string;
  sessionId?: string;
  fileId?: string;
  sha256?: string;
  resource?: { type: 'Media' | 'DocumentReference' | 'Communication' | 'Task'; id: string };
  /** Defaults to the request's correlation id. */
  correlationId?: string;
}

/**
 * The audit trail as the rest of the gateway sees it. `record` never throws: a record that
 * cannot be written is logged (without patient data), counted in `audit_write_failures_total`
 * and shown by the `audit` readiness check, and the clinical action keeps its own outcome.
 */
export interface AuditTrail {
  record(entry: AuditEntry): Promise<AuditRecord | undefined>;
  /** Records in chain order within [from, to]. */
  read(range: { from?: string; to?: string }): Promise<AuditRecord[]>;
  readinessCheck(): Promise<CheckResult>;
}

/** For code whose tests do not audit: records nothing. */
export const NO_AUDIT: AuditTrail = {
  record: async () => undefined,
  read: async () => [],
  readinessCheck: async () => ({ ok: true }),
};

export interface AuditTrailDeps {
  log: AuditLog;
  logger: Logger;
  /** Counts failed writes (the audit_write_failures_total counter). */
  onWriteFailure?: () => void;
  clock?: () => number;
}

/** Builds the trail over a log (file for the memory store, Redis Stream plus files for Redis). */
export function createAuditTrail(deps: AuditTrailDeps): AuditTrail {
  const clock = deps.clock ?? Date.now;
  let failing = false;
  let failures = 0;

  return {
    async record(entry) {
      // Only the contract's fields are copied: whatever else a caller's object holds stays out.
      const candidate = {
        id: randomUUID(),
        recorded: new Date(clock()).toISOString(),
        action: entry.action,
        outcome: entry.outcome,
        errorCode: entry.errorCode,
        actor: { type: entry.actor.type, keyId: entry.actor.keyId, providerId: entry.actor.providerId },
        facilityId: entry.facilityId,
        patientId: entry.patientId,
        encounterId: entry.encounterId,
        sessionId: entry.sessionId,
        fileId: entry.fileId,
        sha256: entry.sha256,
        resource: entry.resource && { type: entry.resource.type, id: entry.resource.id },
        correlationId: entry.correlationId ?? currentCorrelationId() ?? randomUUID(),
        prevHash: GENESIS_HASH,
      };
      try {
        const checked = auditRecordBody.parse(dropUndefined(candidate));
        const { prevHash: _placeholder, ...unchained } = checked;
        const written = await deps.log.append(unchained);
        failing = false;
        return written;
      } catch (error) {
        failing = true;
        failures += 1;
        deps.onWriteFailure?.();
        // The action and the kind of failure only: no ids, no patient, no message text.
        deps.logger.error('audit write failed', {
          action: entry.action,
          error: error instanceof Error ? error.name : 'unknown',
        });
        return undefined;
      }
    },
    read: (range) => deps.log.read(range),
    async readinessCheck() {
      return failing ? { ok: false, error: 'audit write failed', failures } : { ok: true };
    },
  };
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined) continue;
    result[key] =
      inner && typeof inner === 'object' && !Array.isArray(inner)
        ? dropUndefined(inner as Record<string, unknown>)
        : inner;
  }
  return result as T;
}
