import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createAuditTrail, createFileAuditLog } from '../../../src/observability';
import { captureLogs } from '../../helpers/log-capture';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

/** `npm run audit:verify`, as on-call runs it, against one audit directory. */
async function auditVerify(dir: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        STORE: 'memory',
        AUDIT_DIR: dir,
      },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

async function writeChain(count: number): Promise<{ dir: string; file: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cpgw-audit-verify-'));
  const log = createFileAuditLog({ dir, retentionDays: 3650 });
  const trail = createAuditTrail({ log, logger: captureLogs('error').logger });
  for (let i = 0; i < count; i++) {
    await trail.record({
      action: 'file.upload',
      outcome: 'success',
      actor: { type: 'phone' },
      facilityId: 'F2N060-E',
      patientId: 'pat-1',
      fileId: `file-${i}`,
      correlationId: randomUUID(),
    });
  }
  await log.close();
  const [file] = await fs.readdir(dir);
  return { dir, file: path.join(dir, file!) };
}

const lines = async (file: string) => (await fs.readFile(file, 'utf8')).trim().split('\n');

describe('npm run audit:verify', () => {
  it('when the chain is intact, then it exits 0 and counts the records', async () => {
    const { dir } = await writeChain(5);

    const result = await auditVerify(dir);

    expect(result).toEqual({ code: 0, stdout: 'audit chain ok: 5 records\n' });
  });

  it('when a record was deleted, then it exits 1 naming the line after the gap', async () => {
    const { dir, file } = await writeChain(5);
    const kept = await lines(file);
    kept.splice(2, 1);
    await fs.writeFile(file, `${kept.join('\n')}\n`);

    const result = await auditVerify(dir);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${path.basename(file)}:3`);
    expect(result.stdout).toContain('missing');
  });

  it('when a record was edited, then it exits 1 naming that record', async () => {
    const { dir, file } = await writeChain(5);
    const all = await lines(file);
    const edited = JSON.parse(all[3]!) as { patientId: string; id: string };
    edited.patientId = 'pat-2';
    all[3] = JSON.stringify(edited);
    await fs.writeFile(file, `${all.join('\n')}\n`);

    const result = await auditVerify(dir);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(edited.id);
    expect(result.stdout).toContain('edited');
  });
});
