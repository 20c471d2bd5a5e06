/** What one readiness check reports; extra fields (expiresInSeconds, latencyMs) are shown as is. */
export interface CheckResult {
  ok: boolean;
  [detail: string]: unknown;
}

export type ReadinessCheck = () => Promise<CheckResult>;

const CHECK_TIMEOUT_MS = 3000;

/**
 * The registry behind `/health/ready`. Parts of the gateway add their own check (token,
 * store, ALEX); a check that throws or hangs counts as not ok, without its error text,
 * since the endpoint is unauthenticated.
 */
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async run(): Promise<{ ok: boolean; checks: Record<string, CheckResult> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runSafely(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    return { ok: entries.every(([, result]) => result.ok), checks };
  }
}

async function runSafely(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: 'timeout' }), CHECK_TIMEOUT_MS);
    timer.unref();
  });
  try {
    const result = await Promise.race([check(), timeout]);
    // A check that answers nothing usable is a broken check, not a healthy one.
    if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') {
      return { ok: false, error: 'invalid check result' };
    }
    return result;
  } catch {
    return { ok: false, error: 'check failed' };
  } finally {
    clearTimeout(timer);
  }
}
