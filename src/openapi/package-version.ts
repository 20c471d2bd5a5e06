import fs from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'clinicpro-medtech-gateway';

/**
 * The gateway's version from its package.json, for `info.version`. Found by walking up from
 * this file, so it works from `src/openapi` (tsx, ts-jest) and from `dist/openapi` (compiled,
 * where package.json is not inside the build's rootDir and cannot be imported).
 */
export function packageVersion(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (let depth = 0; depth < 6; depth += 1) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === PACKAGE_NAME && manifest.version) return manifest.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`package.json of ${PACKAGE_NAME} not found above ${start}`);
}
