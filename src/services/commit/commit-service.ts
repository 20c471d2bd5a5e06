import { assertFacilityAllowed } from '../facilities';
import type { Config } from '../../config';
import type { Logger } from '../../logging/logger';
import type { CommitRequest, FileCommitResult } from '../../schemas/commit';
import type { KeyValueStore } from '../../stores/types';
import type { AlexClient } from '../alex';
import type { StagingService } from '../staging';
import { COMMITTED_RECORD_TTL_SECONDS } from '../staging';
import { createCommitRecords } from './commit-record';
import { commitFile } from './commit-file';
import { createFacilityLimiter } from './facility-limiter';
import { resolveMeta } from './resolve-meta';
import { bindIdempotencyKeys, loadCommitFiles } from './validate-files';

export interface CommitServiceDeps {
  config: Readonly<Pick<Config, 'alex' | 'medtech' | 'store'>>;
  store: KeyValueStore;
  staging: StagingService;
  alex: AlexClient;
  /** Each file that did not commit, and each warning, is logged by code for on-call. */
  logger?: Logger;
  clock?: () => number;
}

export interface CommitOutcome {
  /** 200 when every file is committed, 207 otherwise (same body). */
  status: 200 | 207;
  files: FileCommitResult[];
}

/**
 * The commit of GATEWAY-API.md: validate everything first (facility, dictionary codes, files,
 * idempotency keys), then commit each file independently with bounded ALEX concurrency per
 * facility. Never a duplicate: each file is claimed atomically in the store before ALEX sees it.
 */
export function createCommitService(deps: CommitServiceDeps) {
  const clock = deps.clock ?? Date.now;
  const { config } = deps;
  const recordTtl = Math.max(COMMITTED_RECORD_TTL_SECONDS, config.store.stagingTtlSeconds);
  const records = createCommitRecords({
    store: deps.store,
    ttlSeconds: recordTtl,
    // Media, inbox and task calls, each within the ALEX deadline, plus time queued behind the limiter.
    leaseMs: 4 * config.alex.deadlineMs,
    clock,
  });
  const limit = createFacilityLimiter(config.alex.concurrency);

  async function commit(body: CommitRequest): Promise<CommitOutcome> {
    assertFacilityAllowed(config, body.facilityId);
    const metas = resolveMeta(body.files);
    const files = await loadCommitFiles(deps.staging, body);
    await bindIdempotencyKeys(deps.store, body, recordTtl);

    const results = await Promise.all(
      body.files.map((input, index) =>
        commitFile(
          { alex: deps.alex, staging: deps.staging, records, limit, clock, logger: deps.logger },
          { input, file: files[index], meta: metas[index], providerId: body.providerId },
        ),
      ),
    );
    for (const result of results) logOutcome(deps.logger, body.facilityId, result);
    const allCommitted = results.every((result) => result.status === 'committed');
    return { status: allCommitted ? 200 : 207, files: results };
  }

  return { commit };
}

export type CommitService = ReturnType<typeof createCommitService>;

/** One line per file that failed or committed with a warning: codes only, no patient data. */
function logOutcome(logger: Logger | undefined, facilityId: string, result: FileCommitResult): void {
  if (!logger) return;
  if (result.status === 'error') {
    const level = result.error.code === 'INTERNAL' ? 'error' : 'warn';
    logger.log(level, 'commit file failed', {
      facilityId,
      fileId: result.fileId,
      code: result.error.code,
      retryable: result.error.retryable,
    });
  } else if (result.warnings.length > 0) {
    logger.warn('commit file warnings', {
      facilityId,
      fileId: result.fileId,
      codes: result.warnings.map((w) => w.code),
    });
  } else {
    logger.info('commit file done', { facilityId, fileId: result.fileId, replayed: result.replayed });
  }
}
