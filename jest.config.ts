import type { Config } from 'jest';

const config: Config = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // TypeScript first, so a stray compiled .js beside a .ts can never shadow it.
  moduleFileExtensions: ['ts', 'js', 'cjs', 'json', 'node'],
  // Browser tests live in test/e2e and run with the same command; they need more time.
  testTimeout: 30_000,
  setupFiles: ['<rootDir>/test/helpers/jest-env.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
};

export default config;
