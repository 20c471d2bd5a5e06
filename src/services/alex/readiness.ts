import type { Config } from '../../config';
import { toAppError } from '../../errors';
import type { CheckResult } from '../../health/readiness';
import type { AlexClient } from './types';

/** Load balancers poll readiness; ALEX is asked at most this often (GATEWAY-API.md, Health). */
export const ALEX_PROBE_CACHE_MS = 30_000;

/**
 * The `alex` readiness check: `GET /metadata` for the default facility, `{ ok, latencyMs }`,
 * cached for 30 s and shared by concurrent callers. A failure shows the gateway error code
 * (never ALEX's text, the endpoint is public).
 */
export function alexReadinessCheck(
  alex: Pick<AlexClient, 'ping'>,
  config: Readonly<Config>,
  clock: () => number = Date.now,
): () => Promise<CheckResult> {
  let cached: { at: number; result: CheckResult } | undefined;
  let inflight: Promise<CheckResult> | undefined;

  async function probe(): Promise<CheckResult> {
    const started = clock();
    let result: CheckResult;
    try {
      await alex.ping(config.medtech.facilityId);
      result = { ok: true, latencyMs: clock() - started };
    } catch (error) {
      result = { ok: false, latencyMs: clock() - started, error: toAppError(error).code };
    }
    cached = { at: clock(), result };
    return result;
  }

  return () => {
    if (cached && clock() - cached.at < ALEX_PROBE_CACHE_MS) return Promise.resolve(cached.result);
    inflight ??= probe().finally(() => (inflight = undefined));
    return inflight;
  };
}
