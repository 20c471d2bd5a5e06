import type { RequestHandler } from 'express';
import { AppError } from '../errors';

/** Throws 403 FACILITY_NOT_ALLOWED unless `facilityId` is one this gateway acts for. */
export function assertFacilityAllowed(allowed: readonly string[], facilityId: string): void {
  if (!allowed.includes(facilityId)) throw new AppError('FACILITY_NOT_ALLOWED');
}

export interface FacilityOptions {
  /** MEDTECH_FACILITY_IDS. */
  facilityIds: readonly string[];
  /** When false, a request may omit facilityId (the record's own facility is then checked). */
  required: boolean;
}

/**
 * API-key callers name their practice as `facilityId` in the body or the query; it must be in
 * MEDTECH_FACILITY_IDS. The accepted id is left in `res.locals.facilityId`. Phone callers are
 * passed through untouched: their facility comes from the session, and nothing in the request
 * can change it. Runs after authentication.
 */
export function requireFacility(options: FacilityOptions): RequestHandler {
  return (req, res, next) => {
    if ((res.locals.auth as { kind?: string } | undefined)?.kind === 'mobile') return next();
    const fromBody = (req.body as Record<string, unknown> | undefined)?.facilityId;
    const value = fromBody ?? req.query.facilityId;
    if (value === undefined) {
      if (!options.required) return next();
      throw new AppError('VALIDATION_FAILED', {
        message: 'Say which practice this is for (facilityId).',
        details: [{ path: 'facilityId', problem: 'required' }],
      });
    }
    if (typeof value !== 'string' || value.length === 0) {
      throw new AppError('VALIDATION_FAILED', {
        details: [{ path: 'facilityId', problem: 'must be a string' }],
      });
    }
    assertFacilityAllowed(options.facilityIds, value);
    res.locals.facilityId = value;
    next();
  };
}
