import type { Request, RequestHandler, Response } from 'express';
import type { Fault } from '../faults';
import type { EmulatorState } from '../state';
import type { TimerSet } from '../timers';
import { locals } from './journal-recorder';

/**
 * Applies the route's latency, then the next queued fault, if any. Mounted after the body
 * parsers, so a dropped POST has been read in full: the client cannot tell whether it landed.
 */
export function latencyAndFaults(state: EmulatorState): RequestHandler {
  return async (req, res, next) => {
    const route = locals(res).route;
    const latency = state.latencyFor(route);
    if (latency > 0) await state.timers.sleep(latency);
    const fault = state.takeFault(route);
    if (!fault) return next();
    if (fault.kind === 'drop' && fault.afterWrite) {
      replaceEnd(res, () => drop(req, res));
      return next();
    }
    if (fault.kind === 'drop') return drop(req, res);
    if (fault.kind === 'delay' && fault.processAfterDelay) {
      await state.timers.sleep(fault.delayMs ?? 0);
      return next();
    }
    if (fault.kind === 'delay') {
      holdAnswer(res, state.timers, fault.delayMs ?? 0);
      return next();
    }
    if (fault.afterWrite) {
      answerFaultAfterWork(res, fault);
      return next();
    }
    sendFault(res, fault);
  };
}

function drop(req: Request, res: Response): void {
  locals(res).dropped = true;
  const destroy = (): void => {
    req.socket.destroy();
  };
  // A body no parser consumed (unknown content type) is read first, so the drop comes after the upload.
  if (req.complete) destroy();
  else {
    req.once('end', destroy);
    req.resume();
  }
}

/** Lets the handler do its work now but sends its answer `ms` later, like a slow ALEX. */
function holdAnswer(res: Response, timers: TimerSet, ms: number): void {
  replaceEnd(res, (end) => timers.after(ms, end));
}

/**
 * Intercepts the handler's answer: `instead` runs in place of sending it, and gets a
 * function that sends it after all. The status the handler chose is kept for the journal.
 */
function replaceEnd(res: Response, instead: (send: () => void) => void): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const intercepted = (...args: unknown[]): Response => {
    locals(res).heldStatus = res.statusCode;
    instead(() => {
      end(...args);
    });
    return res;
  };
  res.end = intercepted as unknown as Response['end'];
}

/**
 * Lets the handler do its work (a POST stores its resource), then throws its answer away and
 * sends the fault's instead: what a proxy in front of ALEX does when it fails late.
 */
function answerFaultAfterWork(res: Response, fault: Fault): void {
  const realEnd = res.end;
  replaceEnd(res, () => {
    res.end = realEnd;
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    sendFault(res, fault);
  });
}

function sendFault(res: Response, fault: Fault): void {
  res.status(fault.status ?? 500);
  const body = fault.body;
  if (typeof body === 'string') res.type('text/plain');
  else if (body !== undefined)
    res.type(isOperationOutcome(body) ? 'application/fhir+json' : 'application/json');
  if (fault.headers) res.set(fault.headers);
  if (body === undefined) res.end();
  else res.send(typeof body === 'string' ? body : JSON.stringify(body));
}

function isOperationOutcome(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'resourceType' in body;
}
