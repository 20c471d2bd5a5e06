import { apimError, OUTCOMES } from './outcomes';
import { ANY_ROUTE, routeMatches } from './route-key';

/**
 * A planned misbehaviour for the next `count` requests on `route`:
 * - `status`: answer `status` with `body` (object -> JSON, string -> text/plain) and `headers`, without processing;
 *   with `afterWrite: true` the request is processed first (a POST stores its resource), and
 *   the fault's answer replaces the real one, as a proxy in front of ALEX that fails late would;
 * - `drop`: read the request, then destroy the socket with no answer (the client sees "socket hang up");
 *   with `afterWrite: true` the request is processed first (a POST creates its resource), then dropped;
 * - `delay`: process the request normally (a POST still creates its resource) but answer only after `delayMs`;
 *   with `processAfterDelay: true` the request is only processed (and a POST stored) at the end
 *   of the delay, so a look-up made meanwhile finds nothing yet.
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
  /** For `drop` and `status`: do the work (a POST creates its resource), then drop or answer the fault. */
  afterWrite?: boolean;
  /** For `delay`: wait first, then process (a POST is stored only at the end of the delay). */
  processAfterDelay?: boolean;
}

/** What a load balancer in front of ALEX answers when it gives up: HTML, not FHIR. */
const PROXY_ERROR_PAGES: Record<number, string> = {
  500: '<html><body><h1>500 Internal Server Error</h1></body></html>',
  502: '<html><body><h1>502 Bad Gateway</h1></body></html>',
  504: '<html><body><h1>504 Gateway Time-out</h1></body></html>',
};

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
  /** A slow write: stored only when `delayMs` is over, then answered (a look-up meanwhile finds nothing). */
  slowWrite: (route: string, delayMs: number, count = 1): Fault => ({
    route,
    count,
    kind: 'delay',
    delayMs,
    processAfterDelay: true,
  }),
  /** The write is stored, then a proxy answers 500, 502 or 504 with an HTML page instead of ALEX's answer. */
  errorAfterWrite: (route: string = ANY_ROUTE, status = 502, count = 1): Fault => ({
    route,
    count,
    kind: 'status',
    status,
    body: PROXY_ERROR_PAGES[status] ?? `<html><body><h1>${status}</h1></body></html>`,
    headers: { 'Content-Type': 'text/html' },
    afterWrite: true,
  }),
  /** ALEX's answer to an unsupported search shape (ALEX.md section 3): 403 `Authorization failed.` */
  forbidden: (route: string = ANY_ROUTE, count = 1): Fault => ({
    route,
    count,
    kind: 'status',
    status: 403,
    body: OUTCOMES.forbidden(),
  }),
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
