import type Redis from 'ioredis';
import type { AuditRecord } from '../../schemas/audit';
import { listDayFiles, prunedThroughHash, readLines, type AuditLine } from './audit-files';
import { GENESIS_HASH, hashRecord } from './chain';
import { auditKeys, entryRecord } from './redis-log';

/** The first place the chain does not hold, or ok with the number of records walked. */
export type VerifyResult =
  | { ok: true; records: number }
  | { ok: false; records: number; at: string; recordId?: string; problem: string };

type Step =
  AuditLine | { kind: 'window'; record: AuditRecord; id: string } | { kind: 'tail'; hash: string | null };

/** Walks steps in order: each record must hash to its `hash` and link to the one before. */
export function walkChain(steps: Step[], startHash = GENESIS_HASH): VerifyResult {
  let prev = startHash;
  let records = 0;
  for (const step of steps) {
    const at =
      step.kind === 'window'
        ? `window entry ${step.id}`
        : step.kind === 'tail'
          ? 'tail key'
          : `${step.file}:${step.line}`;
    if (step.kind === 'unreadable') return { ok: false, records, at, problem: 'line is not an audit record' };
    if (step.kind === 'checkpoint') {
      if (step.checkpoint.lastArchivedHash !== prev) {
        return { ok: false, records, at, problem: 'checkpoint does not name the last archived record' };
      }
      continue;
    }
    if (step.kind === 'tail') {
      if (step.hash !== null && step.hash !== prev) {
        return {
          ok: false,
          records,
          at,
          problem: 'the tail hash is not the last record (records removed at the end)',
        };
      }
      continue;
    }
    const { record } = step;
    const { hash, ...body } = record;
    if (record.prevHash !== prev) {
      return {
        ok: false,
        records,
        at,
        recordId: record.id,
        problem: 'prevHash does not match the record before (a record is missing or reordered)',
      };
    }
    if (hashRecord(body) !== hash) {
      return {
        ok: false,
        records,
        at,
        recordId: record.id,
        problem: 'hash does not match the record (it was edited)',
      };
    }
    prev = hash;
    records += 1;
  }
  return { ok: true, records };
}

/** Archive files (oldest first), then the Redis window and tail when there is one. */
export async function verifyAudit(options: {
  dir: string;
  redis?: Redis;
  keyPrefix?: string;
}): Promise<VerifyResult> {
  const steps: Step[] = await readLines(options.dir, await listDayFiles(options.dir));
  if (options.redis) {
    const keys = auditKeys(options.keyPrefix ?? 'cpgw:');
    const archivedIds = new Set(steps.flatMap((step) => (step.kind === 'record' ? [step.record.id] : [])));
    for (const [id, fields] of await options.redis.xrange(keys.stream, '-', '+')) {
      const record = entryRecord(fields);
      // Archived but not yet trimmed (a crash between the two steps): the copy on disk counts.
      if (!archivedIds.has(record.id)) steps.push({ kind: 'window', record, id });
    }
    steps.push({ kind: 'tail', hash: await options.redis.get(keys.tail) });
  }
  return walkChain(steps, (await prunedThroughHash(options.dir)) ?? GENESIS_HASH);
}
