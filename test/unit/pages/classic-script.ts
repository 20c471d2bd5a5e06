import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/** The project's `public/` folder, where the pages' static files live. */
export const PUBLIC_DIR = path.resolve(__dirname, '..', '..', '..', 'public');

/**
 * Runs one of the pages' classic scripts in a fresh context, the way a browser would (a global
 * `window`), and returns that window so a test can reach what the script published on it.
 */
export function loadClassicScript(relativePath: string): Record<string, unknown> {
  const file = path.join(PUBLIC_DIR, relativePath);
  const window: Record<string, unknown> = {};
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), { window, URL }, { filename: file });
  return window;
}
