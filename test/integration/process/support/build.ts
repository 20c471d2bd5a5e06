import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './process-tools';

const run = promisify(execFile);

/**
 * Compiles src/ with the project's build config (what `npm run build` runs) into a private
 * folder under test-output/, so a test never races a developer's or another test's dist/.
 * The folder sits inside the project, so the compiled code finds node_modules and public/.
 * Returns the folder; its `dist/server.js` is the gateway.
 */
export async function buildGateway(name: string): Promise<string> {
  const outRoot = path.join(PROJECT_ROOT, 'test-output', `${name}-${process.pid}`);
  rmSync(outRoot, { recursive: true, force: true });
  mkdirSync(outRoot, { recursive: true });
  const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', path.join(outRoot, 'dist')], {
      cwd: PROJECT_ROOT,
      timeout: 90_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    rmSync(outRoot, { recursive: true, force: true });
    const output = (error as { stdout?: string }).stdout ?? '';
    throw new Error(`the build failed (tsc -p tsconfig.build.json):\n${output.slice(0, 4000)}`);
  }
  return outRoot;
}

/** Removes what buildGateway made. */
export function removeBuild(outRoot: string | undefined): void {
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
}
