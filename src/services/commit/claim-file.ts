import type { CommitPlan } from './commit-plan';
import type { DeliveryDeps } from './delivery-types';
import { isLeased, type CommitRecord } from './write-ahead-record';

/** What a commit request may do with one file. */
export type RequestClaim =
  | { kind: 'claimed'; record: CommitRecord }
  /** Nothing to do: answer the file's current state (`replayed: true`), make no ALEX call. */
  | { kind: 'replay'; record: CommitRecord }
  | { kind: 'busy' }
  /** Deleted: every later commit of the file is FILE_NOT_FOUND. */
  | { kind: 'gone' };

export interface ClaimRequest {
  owner: string;
  plan: CommitPlan;
  resend: boolean;
  expiresAt: number;
}

/** Whether the record carries an uncertain write that `resend` may send again. */
export const hasUncertainWrite = (record: CommitRecord) =>
  Object.values(record.writes).some((write) => write?.status === 'uncertain');

function requestDecision(current: CommitRecord, now: number, request: ClaimRequest) {
  if (current.state === 'deleted') return 'gone' as const;
  if (isLeased(current, now)) return current.state === 'queued' ? ('replay' as const) : ('busy' as const);
  if (request.resend && hasUncertainWrite(current)) return 'take' as const;
  if (current.state === 'queued') return 'replay' as const;
  if (current.state === 'committed')
    return newFollowUps(current.plan, request.plan) ? ('take' as const) : ('replay' as const);
  if (current.state === 'error' && current.error?.code === 'DELIVERY_UNCERTAIN') return 'replay' as const;
  return 'take' as const;
}

/** A later commit may add an inbox message or a task the first one did not ask for. */
function newFollowUps(existing: CommitPlan | null, requested: CommitPlan): boolean {
  return Boolean((requested.inbox && !existing?.inbox) || (requested.task && !existing?.task));
}

function mergedPlan(existing: CommitPlan | null, requested: CommitPlan): CommitPlan {
  if (!existing) return requested;
  return {
    ...existing,
    delivery: requested.delivery,
    inbox: existing.inbox ?? requested.inbox,
    task: existing.task ?? requested.task,
  };
}

/**
 * The atomic claim of one file for a commit request: one compare-and-set on its commit record
 * decides between this request, another request or delivery run holding it, a replay, and a
 * delete that came first.
 */
export async function claimForRequest(
  deps: DeliveryDeps,
  fileId: string,
  request: ClaimRequest,
): Promise<RequestClaim> {
  const now = deps.clock();
  const [before, after] = await deps.records.change(fileId, (current) =>
    requestDecision(current, now, request) === 'take'
      ? {
          ...current,
          plan: mergedPlan(current.plan, request.plan),
          owner: request.owner,
          leaseUntil: now + deps.timings.leaseMs,
          state: current.state === 'new' ? 'working' : current.state,
          expiresAt: current.expiresAt ?? request.expiresAt,
        }
      : undefined,
  );
  if (after) return { kind: 'claimed', record: after };
  const decision = requestDecision(before, now, request);
  if (decision === 'gone') return { kind: 'gone' };
  if (decision === 'busy') return { kind: 'busy' };
  return { kind: 'replay', record: before };
}

/** What a delivery run may do with one file. */
export type DeliveryClaim =
  { kind: 'claimed'; record: CommitRecord } | { kind: 'done' } | { kind: 'later'; atMs: number };

/** Grace before a queued file's own next attempt counts as "early". */
const EARLY_MS = 500;

/** The claim of a delivery run: only queued files, or files whose request died mid-commit. */
export async function claimForDelivery(
  deps: DeliveryDeps,
  fileId: string,
  owner: string,
): Promise<DeliveryClaim> {
  const now = deps.clock();
  const decide = (current: CommitRecord) => {
    if (current.state !== 'queued' && current.state !== 'working') return 'done' as const;
    if (!current.plan) return 'done' as const;
    if (isLeased(current, now)) return 'leased' as const;
    if (current.state === 'queued' && (current.nextAttemptAt ?? 0) > now + EARLY_MS) return 'early' as const;
    return 'take' as const;
  };
  const [before, after] = await deps.records.change(fileId, (current) =>
    decide(current) === 'take' ? { ...current, owner, leaseUntil: now + deps.timings.leaseMs } : undefined,
  );
  if (after) return { kind: 'claimed', record: after };
  const decision = decide(before);
  if (decision === 'leased') return { kind: 'later', atMs: (before.leaseUntil ?? now) + EARLY_MS };
  if (decision === 'early') return { kind: 'later', atMs: before.nextAttemptAt ?? now };
  return { kind: 'done' };
}
