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
    return limit(task);
  };
}

export type FacilityLimiter = ReturnType<typeof createFacilityLimiter>;
