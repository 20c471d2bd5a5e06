import type { RequestHandler } from 'express';
import { AppError } from '../errors';

/** Flips to draining when the process is asked to stop; see server.ts. */
export class ShutdownState {
  draining = false;
}

/**
 * While draining, new requests get 503 with `Connection: close`, so keep-alive clients move to
 * another process instead of waiting on one that is leaving.
 */
export function shutdownGuard(state: ShutdownState): RequestHandler {
  return (_req, res, next) => {
    if (!state.draining) {
      next();
      return;
    }
    res.setHeader('Connection', 'close');
    // Mounted before the /api no-store middleware, so say it here too.
    res.setHeader('Cache-Control', 'no-store');
    throw new AppError('SERVICE_UNAVAILABLE', { retryAfterSeconds: 1 });
  };
}
