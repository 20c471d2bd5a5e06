import { AsyncResource } from 'node:async_hooks';
import pLimit from 'p-limit';

/**
 * At most `concurrency` ALEX calls in flight per facility during commits (ALEX_CONCURRENCY),
 * shared by every commit request of this process, so one practice's burst cannot flood its
 * on-site server and ten photos take about three round trips rather than ten.
 */
export function createFacilityLimiter(concurrency: number) {
  const limits = new Map<string, pLimit.Limit>();
  return <T>(facilityId: string, task: () => Promise<T>): Promise<T> => {
    let limit = limits.get(facilityId);
    if (!limit) {
      limit = pLimit(concurrency);
      limits.set(facilityId, limit);
    }
    // p-limit 3 starts a queued task from whichever task finished last, i.e. in that request's
    // async context; binding keeps the caller's correlation id on its own ALEX calls and logs.
    return limit(AsyncResource.bind(task));
  };
}

export type FacilityLimiter = ReturnType<typeof createFacilityLimiter>;
