import { Router } from 'express';
import { facilityOf } from '../middleware/fhir-guard';
import { OUTCOMES } from '../outcomes';
import { parseToken, queryNames, queryValue, searchset, sendFhir } from '../fhir-http';
import { NHI_SYSTEM } from '../seed';
import { patientResource } from '../seed-resources';
import type { EmulatorState } from '../state';
import type { RequestHandler } from 'express';

/**
 * Patient read and the one search ALEX supports, by NHI (ALEX.md section 3). Any other
 * search, including none at all, is 403 "Authorization failed.".
 */
export function patientRouter(state: EmulatorState, guard: RequestHandler): Router {
  const router = Router();
  router.get('/Patient', guard, (req, res) => {
    const identifier = queryValue(req, 'identifier');
    if (
      identifier === undefined ||
      queryNames(req).some((name) => name !== 'identifier' && !name.startsWith('_'))
    ) {
      return sendFhir(res, 403, OUTCOMES.forbidden());
    }
    const { system, code } = parseToken(identifier);
    const facility = facilityOf(res);
    const match =
      system === undefined || system === NHI_SYSTEM ? state.store.patientByNhi(facility, code) : undefined;
    sendFhir(res, 200, searchset(req, match ? [patientResource(match)] : []));
  });
  router.get('/Patient/:id', guard, (req, res) => {
    const id = String(req.params.id);
    const patient = state.store.patient(facilityOf(res), id);
    if (!patient) return sendFhir(res, 404, OUTCOMES.notFound('Patient', id));
    res.set('ETag', `W/"${patient.id}"`);
    sendFhir(res, 200, patientResource(patient));
  });
  return router;
}
