import type { Config } from '../../config';
import type { Logger } from '../../logging/logger';
import type { AuditLog } from './audit-log';
import { createAuditTrail, type AuditTrail } from './audit-trail';
import { createFileAuditLog } from './file-log';
import { createRedisAuditLog } from './redis-log';

export {
  createAuditTrail,
  NO_AUDIT,
  type AuditEntry,
  type AuditTrail,
  type AuditTrailDeps,
} from './audit-trail';
export type { AuditLog, UnchainedRecord } from './audit-log';
export { createFileAuditLog } from './file-log';
export { createRedisAuditLog, auditKeys } from './redis-log';
export { GENESIS_HASH, hashRecord, sealRecord, apiKeyId } from './chain';
export { verifyAudit, walkChain, type VerifyResult } from './verify';
export { toAuditEvent, toAuditBundle } from './fhir-export';
export { auditRoutes } from './audit-route';
export { auditActorContext, currentActor } from './actor';
export { auditedStaging, sessionAudit } from './audited-services';

const DAY_MS = 86_400_000;

/**
 * The audit trail STORE picks: with Redis, one chain for every process (Stream window plus
 * day files); with the memory store, the day files alone (one process only). A daily timer
 * archives and applies retention.
 */
export function setUpAudit(deps: {
  config: Readonly<Config>;
  logger: Logger;
  keyPrefix: string;
  onWriteFailure?: () => void;
  clock?: () => number;
}): { audit: AuditTrail; log: AuditLog; close(): Promise<void> } {
  const { config, logger } = deps;
  const dir = config.observability.auditDir;
  const retentionDays = config.observability.auditRetentionDays;
  const log =
    config.store.kind === 'redis'
      ? createRedisAuditLog({
          redisUrl: config.store.redisUrl,
          keyPrefix: deps.keyPrefix,
          dir,
          retentionDays,
        })
      : createFileAuditLog({ dir, retentionDays });
  const audit = createAuditTrail({ log, logger, onWriteFailure: deps.onWriteFailure, clock: deps.clock });
  const maintain = () =>
    log.maintain(Date.now()).catch((error: unknown) => {
      logger.error('audit maintenance failed', { error: error instanceof Error ? error.name : 'unknown' });
    });
  const timer = setInterval(() => void maintain(), DAY_MS / 24);
  timer.unref();
  return {
    audit,
    log,
    close: async () => {
      clearInterval(timer);
      await log.close();
    },
  };
}
