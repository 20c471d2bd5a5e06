import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../logging/logger';
import { routeKey, TOKEN_ROUTE } from '../route-key';
import type { EmulatorState } from '../state';

/** Strings longer than this are shortened in the journal: a Media's base64 would otherwise pin megabytes. */
const MAX_JOURNAL_STRING = 256;
const MAX_DEPTH = 12;

/** `res.locals` fields the emulator's middleware share. */
export interface EmulatorLocals {
  route: string;
  /** Set when a drop fault destroyed the socket on purpose. */
  dropped?: boolean;
  /** Status of an answer held back by a delay fault. */
  heldStatus?: number;
}

export function locals(res: Response): EmulatorLocals {
  return res.locals as EmulatorLocals;
}

/**
 * Journals every request (control calls excepted, they are mounted before this) once its
 * answer is sent, with the arrival time, so tests can assert on ordering and concurrency.
 */
export function journalRecorder(state: EmulatorState, logger?: Logger): RequestHandler {
  return (req, res, next) => {
    const atMs = Date.now();
    const route = routeKey(req.method, req.path);
    locals(res).route = route;
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      const own = locals(res);
      const status = res.writableFinished ? res.statusCode : own.dropped ? 0 : (own.heldStatus ?? 0);
      const durationMs = Date.now() - atMs;
      state.record({
        at: new Date(atMs).toISOString(),
        atMs,
        method: req.method,
        path: req.originalUrl,
        route,
        headers: maskHeaders(req),
        body: journalBody(req, route),
        status,
        durationMs,
      });
      if (logger?.isLevelEnabled('debug')) {
        logger.debug('emulator answered', { method: req.method, route, status, durationMs });
      }
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}

function maskHeaders(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    headers[name] = name === 'authorization' ? (/^bearer\s/i.test(text) ? 'Bearer ***' : '***') : text;
  }
  return headers;
}

function journalBody(req: Request, route: string): unknown {
  const body: unknown = req.body;
  if (body === undefined || body === null) return undefined;
  if (route === TOKEN_ROUTE && typeof body === 'object') {
    const form = { ...(body as Record<string, unknown>) };
    if ('client_secret' in form) form.client_secret = '***';
    return form;
  }
  return shorten(body, 0);
}

function shorten(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    return value.length > MAX_JOURNAL_STRING ? `[${value.length} characters]` : value;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => shorten(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[key] = shorten(inner, depth + 1);
  return copy;
}
