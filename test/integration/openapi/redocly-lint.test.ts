import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildOpenApiDocument } from '../../../src/openapi';
import { testConfig } from '../../helpers/test-config';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const REDOCLY = path.join(ROOT, 'node_modules', '.bin', 'redocly');
const CONFIG = path.join(ROOT, 'redocly.yaml');

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; message: string }>;
}

/** Writes `document` to a temp file and lints it with the project's redocly.yaml (recommended rules). */
async function lint(document: unknown): Promise<{ exitCode: number; report: LintReport }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-lint-'));
  const file = path.join(dir, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(document));
  try {
    const { stdout } = await run(REDOCLY, ['lint', file, '--config', CONFIG, '--format=json'], { cwd: dir });
    return { exitCode: 0, report: JSON.parse(stdout) as LintReport };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    if (typeof failed.code !== 'number' || !failed.stdout) throw error;
    return { exitCode: failed.code, report: JSON.parse(failed.stdout) as LintReport };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('/openapi.json against `redocly lint` (recommended rules)', () => {
  it('when the generated document is linted, then redocly reports no errors and no warnings', async () => {
    const { exitCode, report } = await lint(buildOpenApiDocument(testConfig()));

    expect(report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
    expect(report.totals.errors).toBe(0);
    expect(exitCode).toBe(0);
  }, 60_000);

  it('when the document loses its servers, then the lint fails with an error, so the check above can fail', async () => {
    const document = { ...buildOpenApiDocument(testConfig()), servers: undefined };

    const { exitCode, report } = await lint(document);

    expect(report.totals.errors).toBeGreaterThan(0);
    expect(exitCode).not.toBe(0);
  }, 60_000);

  it('when the document is generated, then info.version is the package version and no spec file is cited', () => {
    const document = buildOpenApiDocument(testConfig());
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };

    expect(document.info.version).toBe(manifest.version);
    expect(JSON.stringify(document)).not.toMatch(/[A-Z-]+\.md\b/);
  });
});
