import { Router, type RequestHandler } from 'express';
import { facilityOf } from '../middleware/fhir-guard';
import { OUTCOMES } from '../outcomes';
import { searchset, sendFhir } from '../fhir-http';
import { locationResource, practitionerResource } from '../seed-resources';
import type { EmulatorState } from '../state';

/**
 * The practice's directory: its Location (with its HPI facility id) and its Practitioners
 * (ALEX.md section 3). Search parameters are ignored: the facility header already filters.
 */
export function directoryRouter(state: EmulatorState, guard: RequestHandler): Router {
  const router = Router();
  router.get('/Location', guard, (req, res) => {
    sendFhir(res, 200, searchset(req, [locationResource(facilityOf(res))]));
  });
  router.get('/Location/:id', guard, (req, res) => {
    const facility = facilityOf(res);
    const id = String(req.params.id);
    if (id !== facility.locationId) return sendFhir(res, 404, OUTCOMES.notFound('Location', id));
    sendFhir(res, 200, locationResource(facility));
  });
  router.get('/Practitioner', guard, (req, res) => {
    sendFhir(res, 200, searchset(req, facilityOf(res).practitioners.map(practitionerResource)));
  });
  router.get('/Practitioner/:id', guard, (req, res) => {
    const id = String(req.params.id);
    const practitioner = state.store.practitioner(facilityOf(res), id);
    if (!practitioner) return sendFhir(res, 404, OUTCOMES.notFound('Practitioner', id));
    sendFhir(res, 200, practitionerResource(practitioner));
  });
  return router;
}
