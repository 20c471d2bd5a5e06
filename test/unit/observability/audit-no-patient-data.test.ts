import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  createAuditTrail,
  GENESIS_HASH,
  hashRecord,
  type AuditEntry,
  type AuditLog,
  type UnchainedRecord,
} from '../../../src/observability';
import type { AuditRecord } from '../../../src/schemas/audit';
import { auditRecord } from '../../../src/schemas/audit';
import { captureLogs } from '../../helpers/log-capture';

/** An in-memory log: only what the trail hands over is kept. */
function memoryLog(): AuditLog & { records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return {
    records,
    async append(record: UnchainedRecord) {
      const body = { ...record, prevHash: records.at(-1)?.hash ?? GENESIS_HASH };
      const sealed = { ...body, hash: hashRecord(body) };
      records.push(sealed);
      return sealed;
    },
    read: async () => records,
    maintain: async () => undefined,
    close: async () => undefined,
  };
}

const nhi = fc
  .tuple(
    fc.stringMatching(/^[A-HJ-NP-Z]{3}$/),
    fc.stringMatching(/^[0-9]{2}$/),
    fc.stringMatching(/^[0-9A-Z]{2}$/),
  )
  .map((parts) => parts.join(''));
const name = fc
  .tuple(fc.constantFrom('Aroha', 'Wiremu', 'Mere', 'John'), fc.constantFrom('Ngata', 'Smith', 'Parata'))
  .map(([given, family]) => `${given} ${family}`);
const idOrNhi = fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,20}$/), nhi);

describe('audit records never hold an NHI or a name', () => {
  it('when callers pass NHIs and names anywhere, then no written record contains them', async () => {
    await fc.assert(
      fc.asyncProperty(
        nhi,
        name,
        idOrNhi,
        idOrNhi,
        fc.option(idOrNhi),
        async (secretNhi, patientName, patientId, fileId, encounterId) => {
          const log = memoryLog();
          const trail = createAuditTrail({ log, logger: captureLogs('error').logger });
          const entry = {
            action: 'file.read',
            outcome: 'success',
            actor: { type: 'api-key', keyId: 'abcdef012345', name: patientName },
            facilityId: 'F2N060-E',
            patientId,
            fileId,
            ...(encounterId === null ? {} : { encounterId }),
            correlationId: randomUUID(),
            // Fields a careless caller might add: they must never reach the record.
            nhi: secretNhi,
            patientName,
            patientDisplay: { name: patientName, nhi: secretNhi },
          } as unknown as AuditEntry;

          await trail.record(entry);

          const text = JSON.stringify(log.records);
          expect(text).not.toContain(secretNhi);
          expect(text).not.toContain(patientName);
          for (const record of log.records) {
            expect(auditRecord.safeParse(record).success).toBe(true);
            for (const value of [record.patientId, record.fileId, record.encounterId]) {
              if (value !== undefined) expect(value).not.toMatch(/^[A-Za-z]{3}[0-9]{2}[0-9A-Za-z]{2}$/);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('when an id field holds an NHI, then the record is refused and the failure is counted', async () => {
    const log = memoryLog();
    let failures = 0;
    const trail = createAuditTrail({
      log,
      logger: captureLogs('error').logger,
      onWriteFailure: () => (failures += 1),
    });

    const written = await trail.record({
      action: 'session.create',
      outcome: 'success',
      actor: { type: 'api-key' },
      facilityId: 'F2N060-E',
      patientId: 'ZZZ0016',
      correlationId: randomUUID(),
    });

    expect(written).toBeUndefined();
    expect(log.records).toEqual([]);
    expect(failures).toBe(1);
  });
});
