import { localsOf } from './locals';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import { assertFacilityAllowed, type FacilityPolicyConfig } from '../services/facilities';

export interface FacilityOptions {
  /** The gateway's config; the facility policy reads MEDTECH_FACILITY_IDS from it. */
  config: FacilityPolicyConfig;
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
    if (localsOf(res).auth?.kind === 'mobile') return next();
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
    assertFacilityAllowed(options.config, value);
    localsOf(res).facilityId = value;
    next();
  };
}
