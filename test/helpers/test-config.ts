import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';

/** A fixed API key that test configs accept. */
export const TEST_API_KEY = 'test-api-key-000000000000000000000001';
export const TEST_MOBILE_SECRET = 'test-mobile-secret-0000000000000000000001';

/** A validated config for tests: emulator-style defaults plus `overrides`, as env strings. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Readonly<Config> {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    GATEWAY_API_KEYS: TEST_API_KEY,
    MOBILE_TOKEN_SECRET: TEST_MOBILE_SECRET,
    // Each test config audits into its own empty directory, never the project's ./data.
    AUDIT_DIR: path.join(os.tmpdir(), `cpgw-audit-${randomUUID()}`),
    ...overrides,
  });
}

export const authHeader = { Authorization: `Bearer ${TEST_API_KEY}` };
