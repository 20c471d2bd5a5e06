import type { AuditRecord } from '../../schemas/audit';
import type { AuditLog, UnchainedRecord } from './audit-log';
import {
  appendLines,
  dayFile,
  dayOf,
  lastRecordOnDisk,
  listDayFiles,
  prunedThroughHash,
  pruneDayFiles,
  readLines,
} from './audit-files';
import { GENESIS_HASH, sealRecord } from './chain';

/**
 * The memory-store audit log: JSON-lines day files in AUDIT_DIR and nothing else. One writer
 * only: appends are queued in this process, so PM2 cluster mode (several writers) needs the
 * Redis log instead.
 */
export function createFileAuditLog(options: { dir: string; retentionDays: number }): AuditLog {
  const { dir } = options;
  let tail: Promise<string> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const currentTail = () =>
    (tail ??= (async () =>
      (await lastRecordOnDisk(dir))?.hash ?? (await prunedThroughHash(dir)) ?? GENESIS_HASH)());

  function append(record: UnchainedRecord): Promise<AuditRecord> {
    const next = queue.then(async () => {
      const sealed = sealRecord({ ...record, prevHash: await currentTail() });
      await appendLines(dir, dayFile(sealed.recorded), [sealed]);
      tail = Promise.resolve(sealed.hash);
      return sealed;
    });
    // A failed append leaves the tail as it was; the next append starts from the file again.
    queue = next.catch(() => {
      tail = undefined;
    });
    return next;
  }

  return {
    append,
    async read({ from, to }) {
      const files = (await listDayFiles(dir)).filter(
        (file) => (!from || dayOf(file) >= from.slice(0, 10)) && (!to || dayOf(file) <= to.slice(0, 10)),
      );
      return (await readLines(dir, files)).flatMap((line) =>
        line.kind === 'record' &&
        (!from || line.record.recorded >= from) &&
        (!to || line.record.recorded <= to)
          ? [line.record]
          : [],
      );
    },
    async maintain(nowMs) {
      await queue;
      await pruneDayFiles(dir, options.retentionDays, nowMs);
    },
    close: async () => {
      await queue;
    },
  };
}
