import { z } from 'zod';

/** `GET /health/live`: the process serves requests. */
export const liveResponse = z.object({ status: z.literal('ok') });

/** One readiness check: `ok` plus whatever the check reports (never a secret or error text). */
export const readinessCheckResult = z.looseObject({ ok: z.boolean() });

/** `GET /health/ready`, both 200 (`ok`) and 503 (`degraded`). */
export const readyResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z
    .record(z.string(), readinessCheckResult)
    .describe('One entry per check: token, store, alex (cached for 30 s)'),
});
