import { AppError } from '../../errors';
import type { StagedFile, StagingService } from '../../services/staging';
import type { SessionAudit } from '../../services/sessions';
import { currentActor } from './actor';
import type { AuditEntry, AuditTrail } from './audit-trail';

/** The session service's audit hook: `session.create` and `session.revoke`, one record each. */
export function sessionAudit(audit: Pick<AuditTrail, 'record'>): SessionAudit {
  return {
    async sessionEvent(action, session) {
      await audit.record({
        action,
        outcome: 'success',
        actor: currentActor(),
        facilityId: session.facilityId,
        patientId: session.patientId,
        encounterId: session.encounterId,
        sessionId: session.sessionId,
      });
    },
  };
}

const errorCodeOf = (error: unknown) => (error instanceof AppError ? error.code : 'INTERNAL');

/**
 * Staging with `file.upload`, `file.read` and `file.delete` audited, one record per call, by
 * prototype delegation so the staging code itself is untouched (and every other method, the
 * commit API included, passes straight through). A refusal is recorded as a failure when the
 * file exists (its patient is known); a file that does not exist has no patient to audit.
 */
export function auditedStaging(staging: StagingService, audit: Pick<AuditTrail, 'record'>): StagingService {
  const audited = Object.create(staging) as StagingService;

  async function recordFor(
    action: AuditEntry['action'],
    file: StagedFile | undefined,
    fileId: string,
    error?: unknown,
  ): Promise<void> {
    if (!file) return;
    await audit.record({
      action,
      outcome: error === undefined ? 'success' : 'failure',
      ...(error === undefined ? {} : { errorCode: errorCodeOf(error) }),
      actor: currentActor(),
      facilityId: file.facilityId,
      patientId: file.patientId,
      encounterId: file.encounterId,
      ...(file.sessionId ? { sessionId: file.sessionId } : {}),
      fileId,
      ...(file.sha256 ? { sha256: file.sha256 } : {}),
    });
  }

  async function around<T>(
    action: AuditEntry['action'],
    fileId: string,
    run: () => Promise<T>,
    fileAfter: (result: T) => Promise<StagedFile | undefined>,
  ): Promise<T> {
    const before = action === 'file.upload' ? undefined : await staging.getFile(fileId);
    let result: T;
    try {
      result = await run();
    } catch (error) {
      await recordFor(action, before ?? (await staging.getFile(fileId)), fileId, error);
      throw error;
    }
    await recordFor(action, (await fileAfter(result)) ?? before, fileId);
    return result;
  }

  audited.upload = (fileId, caller, bytes, claim) =>
    around(
      'file.upload',
      fileId,
      () => staging.upload(fileId, caller, bytes, claim),
      async (file) => file,
    );
  audited.readContent = (fileId, caller, variant) =>
    around(
      'file.read',
      fileId,
      () => staging.readContent(fileId, caller, variant),
      async () => undefined,
    );
  audited.remove = (fileId, caller) =>
    around(
      'file.delete',
      fileId,
      () => staging.remove(fileId, caller),
      async () => undefined,
    );
  return audited;
}
