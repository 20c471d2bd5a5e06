import type { RequestHandler, Response } from 'express';
import { ALEX_TEXT, OUTCOMES } from '../outcomes';
import { sendApim, sendFhir } from '../fhir-http';
import type { SeedFacility } from '../seed';
import type { EmulatorState } from '../state';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The facility a guarded request is for. */
export function facilityOf(res: Response): SeedFacility {
  return (res.locals as { facility: SeedFacility }).facility;
}

/**
 * What ALEX checks on every exposed /FHIR call, in this order: a valid, unexpired,
 * unrevoked bearer token (else 401), no `mt-appid` in strict mode (else 403), and a known
 * `mt-facilityid` (else 403 "Practice Facility not found").
 */
export function fhirGuard(state: EmulatorState): RequestHandler {
  return (req, res, next) => {
    const token = BEARER.exec(req.get('authorization') ?? '')?.[1];
    if (!token || state.tokens.check(token) !== 'valid') {
      res.set('WWW-Authenticate', 'Bearer');
      return sendApim(res, 401, ALEX_TEXT.unauthorized);
    }
    if (state.strictAppId && req.get('mt-appid') !== undefined) {
      return sendFhir(res, 403, OUTCOMES.forbidden());
    }
    const facility = state.store.facility(req.get('mt-facilityid')?.trim());
    if (!facility) return sendFhir(res, 403, OUTCOMES.facilityNotFound());
    res.locals.facility = facility;
    next();
  };
}
