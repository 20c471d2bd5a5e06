import Redis from 'ioredis';
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
  type Checkpoint,
} from './audit-files';
import { GENESIS_HASH, sealRecord } from './chain';

/**
 * Redis Lua has no SHA-256, so Node hashes and the script only compares: the record joins the
 * stream only if the stored tail is still the `prevHash` it was hashed over. KEYS: stream, tail.
 * ARGV: prevHash, record JSON, the tail to assume when none is stored, the record's hash.
 */
const APPEND_IF_TAIL_LUA = `
local tail = redis.call('GET', KEYS[2])
if not tail then tail = ARGV[3] end
if tail ~= ARGV[1] then return {0, tail} end
local id = redis.call('XADD', KEYS[1], '*', 'r', ARGV[2])
redis.call('SET', KEYS[2], ARGV[4])
return {1, id}
`;
const MAX_CAS_ATTEMPTS = 100;
const BATCH = 500;

type AuditRedis = Redis & {
  auditAppend(
    stream: string,
    tail: string,
    prev: string,
    json: string,
    fallback: string,
    hash: string,
  ): Promise<[number, string]>;
};

export interface RedisAuditLogOptions {
  redisUrl: string;
  /** The store's key prefix (REDIS_KEY_PREFIX). */
  keyPrefix: string;
  dir: string;
  retentionDays: number;
  /** How long records stay in the Redis window before the daily archive moves them to disk. */
  windowDays?: number;
}

/** The keys of one gateway's audit log in Redis. */
export function auditKeys(keyPrefix: string) {
  return {
    stream: `${keyPrefix}audit:stream`,
    tail: `${keyPrefix}audit:tail`,
    checkpoint: `${keyPrefix}audit:checkpoint`,
    lock: `${keyPrefix}audit:archive-lock`,
  };
}

/** A stream entry's record. */
export function entryRecord(fields: string[]): AuditRecord {
  return JSON.parse(fields[1]!) as AuditRecord;
}

/**
 * STORE=redis: one chain for every process. Recent records live in a Redis Stream appended by
 * compare-and-swap against a tail-hash key; the daily `maintain` moves records older than the
 * window to the JSON-lines day files on disk and writes a checkpoint where it trimmed.
 */
export function createRedisAuditLog(options: RedisAuditLogOptions): AuditLog & { redis: Redis } {
  const keys = auditKeys(options.keyPrefix);
  const windowMs = (options.windowDays ?? 7) * 86_400_000;
  const redis = new Redis(options.redisUrl, {
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
  }) as AuditRedis;
  redis.defineCommand('auditAppend', { numberOfKeys: 2, lua: APPEND_IF_TAIL_LUA });
  redis.on('error', () => undefined); // surfaced by failed appends (metric, log, readiness)
  let guess: string | undefined;
  let fallback: Promise<string> | undefined;
  // Where a chain with no tail key yet starts: after what is already archived on disk.
  const startHash = () =>
    (fallback ??= (async () =>
      (await lastRecordOnDisk(options.dir))?.hash ??
      (await prunedThroughHash(options.dir)) ??
      GENESIS_HASH)());

  async function append(record: UnchainedRecord): Promise<AuditRecord> {
    const start = await startHash();
    let prevHash = guess ?? (await redis.get(keys.tail)) ?? start;
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const sealed = sealRecord({ ...record, prevHash });
      const [ok, value] = await redis.auditAppend(
        keys.stream,
        keys.tail,
        prevHash,
        JSON.stringify(sealed),
        start,
        sealed.hash,
      );
      if (ok === 1) {
        guess = sealed.hash;
        return sealed;
      }
      prevHash = value; // another process appended first: chain onto its record
    }
    throw new Error('audit tail kept moving');
  }

  async function streamRecords(endMs?: number): Promise<Array<{ id: string; record: AuditRecord }>> {
    const result: Array<{ id: string; record: AuditRecord }> = [];
    let start = '-';
    for (;;) {
      const entries = await redis.xrange(
        keys.stream,
        start,
        endMs === undefined ? '+' : String(endMs),
        'COUNT',
        BATCH,
      );
      for (const [id, fields] of entries) result.push({ id, record: entryRecord(fields) });
      if (entries.length < BATCH) return result;
      start = `(${entries[entries.length - 1]![0]}`;
    }
  }

  async function archive(nowMs: number): Promise<void> {
    const due = await streamRecords(nowMs - windowMs);
    if (due.length === 0) return;
    // A crash between writing the files and trimming leaves records on both sides: skip those.
    const onDisk = (await lastRecordOnDisk(options.dir))?.hash;
    const already = due.findIndex((entry) => entry.record.hash === onDisk);
    const fresh = due.slice(already + 1);
    const byDay = new Map<string, AuditRecord[]>();
    for (const { record } of fresh) {
      const file = dayFile(record.recorded);
      byDay.set(file, [...(byDay.get(file) ?? []), record]);
    }
    let lastFile = dayFile(due[due.length - 1]!.record.recorded);
    for (const [file, records] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
      await appendLines(options.dir, file, records);
      lastFile = file;
    }
    const last = due[due.length - 1]!;
    const checkpoint: Checkpoint = {
      recorded: new Date(nowMs).toISOString(),
      lastArchivedHash: last.record.hash,
      archived: fresh.length,
    };
    await appendLines(options.dir, lastFile, [{ checkpoint }]);
    await redis.set(keys.checkpoint, JSON.stringify(checkpoint));
    const [ms, seq] = last.id.split('-');
    await redis.xtrim(keys.stream, 'MINID', `${ms}-${Number(seq) + 1}`);
  }

  return {
    redis,
    append,
    async read({ from, to }) {
      const files = (await listDayFiles(options.dir)).filter(
        (file) => (!from || dayOf(file) >= from.slice(0, 10)) && (!to || dayOf(file) <= to.slice(0, 10)),
      );
      const archived = (await readLines(options.dir, files)).flatMap((line) =>
        line.kind === 'record' ? [line.record] : [],
      );
      const seen = new Set(archived.map((record) => record.id));
      const recent = (await streamRecords())
        .map((entry) => entry.record)
        .filter((record) => !seen.has(record.id));
      return [...archived, ...recent].filter(
        (record) => (!from || record.recorded >= from) && (!to || record.recorded <= to),
      );
    },
    async maintain(nowMs) {
      // One archiver at a time across processes; the lock expires if its holder dies.
      if ((await redis.set(keys.lock, String(process.pid), 'PX', 300_000, 'NX')) !== 'OK') return;
      try {
        await archive(nowMs);
        await pruneDayFiles(options.dir, options.retentionDays, nowMs);
      } finally {
        await redis.del(keys.lock);
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}
