/**
 * `npm run audit:verify`: walks the audit chain (day files in AUDIT_DIR, oldest first, across
 * checkpoints, then the Redis window and tail with STORE=redis) and reports the first broken
 * link. Exit 0 when the chain holds, 1 when it does not (or cannot be read).
 */
import Redis from 'ioredis';
import { getConfig } from '../src/config';
import { verifyAudit } from '../src/observability';

async function main(): Promise<number> {
  const config = getConfig();
  const keyPrefix = config.store.keyPrefix;
  const redis =
    config.store.kind === 'redis' ? new Redis(config.store.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
  try {
    const result = await verifyAudit({ dir: config.observability.auditDir, redis, keyPrefix });
    if (result.ok) {
      process.stdout.write(`audit chain ok: ${result.records} records\n`);
      return 0;
    }
    process.stdout.write(
      `audit chain BROKEN at ${result.at}${result.recordId ? ` (record ${result.recordId})` : ''}: ${result.problem}; ` +
        `${result.records} records verified before it\n`,
    );
    return 1;
  } finally {
    redis?.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
