/**
 * The only reader of process.env, one idea per file: `schema.ts` (the zod schema of CONFIG.md),
 * `cross-checks.ts` (rules spanning several variables), `build.ts` (the nested config object)
 * and `load.ts` (parse, check, build, freeze; read once from process.env).
 */
export { DEV_API_KEY, type AlexMode, type Config } from './build';
export { ConfigError, type ConfigProblem } from './problems';
export { getConfig, loadConfig } from './load';
export { LAUNCH_DECODE_PATH } from './build';
