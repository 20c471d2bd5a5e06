import { apimError, OUTCOMES } from './outcomes';
import { ANY_ROUTE, routeMatches } from './route-key';

/**
 * A planned misbehaviour for the next `count` requests on `route`:
 * - `status`: answer `status` with `body` (object -> JSON, string -> text/plain) and `headers`, without processing;
 * - `drop`: read the request, then destroy the socket with no answer (the client sees "socket hang up");
 *   with `afterWrite: true` the request is processed first (a POST creates its resource), then dropped;
 * - `delay`: process the request normally (a POST still creates its resource) but answer only after `delayMs`.
 */
export interface Fault {
  route: string;
  /** How many matching requests it applies to; default 1. */
  count?: number;
  kind: 'status' | 'drop' | 'delay';
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** For `drop`: do the work (a POST creates its resource) and drop the connection instead of answering. */
  afterWrite?: boolean;
}

/** Ready-made faults for the failures ALEX.md describes. */
export const FAULTS = {
  /** ALEX cannot reach the practice's server (PC asleep, relay down): 503 with ALEX's OperationOutcome. */
  practiceOffline: (route: string = ANY_ROUTE, count = 1): Fault => ({
    route,
    count,
    kind: 'status',
    status: 503,
    body: OUTCOMES.facilityOffline(),
  }),
  /** [assumed] Throttling: 429 with API Management's body; `retryAfter` (seconds or HTTP date) is optional. */
  rateLimited: (route: string = ANY_ROUTE, retryAfter?: string, count = 1): Fault => ({
    route,
    count,
    kind: 'status',
    status: 429,
    body: apimError(429, 'Rate limit is exceeded. Try again later.'),
    headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
  }),
  /** [assumed] An unexpected failure inside ALEX. */
  serverError: (route: string = ANY_ROUTE, count = 1): Fault => ({
    route,
    count,
    kind: 'status',
    status: 500,
    body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] },
  }),
  /** A 401 even for a valid token, e.g. to test "evict the token and replay once". */
  unauthorized: (route: string = ANY_ROUTE, count = 1): Fault => ({
    route,
    count,
    kind: 'status',
    status: 401,
    body: apimError(401, 'Unauthorized. Access token is missing or invalid.'),
  }),
  /** The connection dies after the request was read: did the write happen? The client cannot tell. */
  drop: (route: string = ANY_ROUTE, count = 1): Fault => ({ route, count, kind: 'drop' }),
  /** The worst case for a POST: the resource was created, but the client only sees the connection die. */
  dropAfterWrite: (route: string = ANY_ROUTE, count = 1): Fault => ({
    route,
    count,
    kind: 'drop',
    afterWrite: true,
  }),
  /** A slow answer (longer than the client's timeout, typically); the work is still done. */
  delay: (route: string, delayMs: number, count = 1): Fault => ({ route, count, kind: 'delay', delayMs }),
};

/** Faults waiting for their requests, first declared first used. */
export class FaultQueue {
  private pending: Array<Fault & { remaining: number }> = [];

  add(fault: Fault): void {
    const remaining = fault.count ?? 1;
    if (remaining > 0) this.pending.push({ ...fault, remaining });
  }

  /** Consumes one use of the first fault that applies to `route`, if any. */
  take(route: string): Fault | undefined {
    const index = this.pending.findIndex((fault) => routeMatches(fault.route, route));
    if (index < 0) return undefined;
    const fault = this.pending[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.pending.splice(index, 1);
    const { remaining: _remaining, ...plain } = fault;
    return plain;
  }

  /** Faults still waiting, with how many uses each has left. */
  list(): Array<Fault & { remaining: number }> {
    return this.pending.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.pending = [];
  }
}
