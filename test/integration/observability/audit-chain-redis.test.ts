import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import {
  auditKeys,
  createAuditTrail,
  createRedisAuditLog,
  verifyAudit,
  type AuditEntry,
} from '../../../src/observability';
import { captureLogs } from '../../helpers/log-capture';

jest.setTimeout(60_000);

const entry = (i: number): AuditEntry => ({
  action: 'file.read',
  outcome: 'success',
  actor: { type: 'api-key', keyId: 'abcdef012345' },
  facilityId: 'F2N060-E',
  patientId: `pat-${i % 3}`,
  fileId: `file-${i}`,
  correlationId: randomUUID(),
});

describe('the Redis audit log: one chain for several writers, archived with checkpoints', () => {
  const prefix = `test:audit:${randomUUID()}:`;
  const admin = new Redis();
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cpgw-audit-redis-'));
  });
  afterAll(async () => {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    admin.disconnect();
  });

  function writer(keyPrefix: string, clock?: () => number) {
    const log = createRedisAuditLog({
      redisUrl: 'redis://127.0.0.1:6379',
      keyPrefix,
      dir,
      retentionDays: 3650,
    });
    return { log, trail: createAuditTrail({ log, logger: captureLogs('error').logger, clock }) };
  }

  it('when two writers on separate connections append concurrently, then every record joins one valid chain', async () => {
    const keyPrefix = `${prefix}two:`;
    const a = writer(keyPrefix);
    const b = writer(keyPrefix);

    const written = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).trail.record(entry(i))),
    );

    expect(written.every((record) => record !== undefined)).toBe(true);
    const chain = await a.log.read({});
    expect(chain).toHaveLength(60);
    expect(new Set(chain.map((r) => r.prevHash)).size).toBe(60); // no fork: each tail used once
    expect(await verifyAudit({ dir, redis: admin, keyPrefix })).toEqual({ ok: true, records: 60 });
    await a.log.close();
    await b.log.close();
  });

  it('when old records are archived, then the window is trimmed with a checkpoint and the chain verifies across it', async () => {
    const keyPrefix = `${prefix}archive:`;
    const day = 86_400_000;
    let now = Date.parse('2026-11-01T10:00:00Z');
    const { log, trail } = writer(keyPrefix, () => now);
    for (let i = 0; i < 5; i++) await trail.record(entry(i));
    now += 10 * day;
    for (let i = 5; i < 8; i++) await trail.record(entry(i));

    // The stream's ids are Redis time, not the fake clock: archive everything written so far.
    await log.maintain(Date.now() + 8 * day);

    const keys = auditKeys(keyPrefix);
    expect(await admin.xlen(keys.stream)).toBe(0);
    const checkpoint = JSON.parse((await admin.get(keys.checkpoint))!) as { lastArchivedHash: string };
    const files = (await fs.readdir(dir)).sort();
    expect(files).toEqual(['audit-2026-11-01.jsonl', 'audit-2026-11-11.jsonl']);
    for (let i = 8; i < 10; i++) await trail.record(entry(i));
    const chain = await log.read({});
    expect(chain).toHaveLength(10);
    expect(chain[8]!.prevHash).toBe(checkpoint.lastArchivedHash);
    expect(await verifyAudit({ dir, redis: admin, keyPrefix })).toEqual({ ok: true, records: 10 });
    await log.close();
  });

  it('when a window record is deleted, then verification names the break', async () => {
    const keyPrefix = `${prefix}deleted:`;
    const { log, trail } = writer(keyPrefix);
    for (let i = 0; i < 4; i++) await trail.record(entry(i));
    const keys = auditKeys(keyPrefix);
    const [, second] = await admin.xrange(keys.stream, '-', '+');
    await admin.xdel(keys.stream, second![0]);

    const result = await verifyAudit({ dir, redis: admin, keyPrefix });

    expect(result).toMatchObject({ ok: false, records: 1, problem: expect.stringContaining('missing') });
    await log.close();
  });

  it('when Redis is unreachable, then the write failure is counted, logged without patient data and shown in readiness', async () => {
    const logs = captureLogs('error');
    let failures = 0;
    const log = createRedisAuditLog({
      redisUrl: 'redis://127.0.0.1:1',
      keyPrefix: prefix,
      dir,
      retentionDays: 1,
    });
    const trail = createAuditTrail({ log, logger: logs.logger, onWriteFailure: () => (failures += 1) });

    const result = await trail.record(entry(1));

    expect(result).toBeUndefined();
    expect(failures).toBe(1);
    expect(await trail.readinessCheck()).toMatchObject({ ok: false });
    expect(logs.lines().some((line) => line.message === 'audit write failed')).toBe(true);
    expect(logs.text()).not.toContain('pat-1');
    expect(logs.text()).not.toContain('file-1');
    await log.close();
  });
});
