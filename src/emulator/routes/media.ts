import { Router, type RequestHandler } from 'express';
import { facilityOf } from '../middleware/fhir-guard';
import { OUTCOMES } from '../outcomes';
import { pagedSearchset, parseToken, queryNames, queryValue, referencedId, sendFhir } from '../fhir-http';
import { NHI_SYSTEM } from '../seed';
import type { EmulatorState } from '../state';
import { createHandler } from './create-resource';
import { mediaRules } from './media-rules';

const CHAINED_NHI = 'patient.identifier';

/**
 * Media: create (ALEX.md section 4), read by id, and the one supported search, chained on
 * the patient's NHI, paged by `_count` with `next` links. `Media?patient=` and `Media?subject=`
 * are 403, as in ALEX.
 */
export function mediaRouter(state: EmulatorState, guard: RequestHandler): Router {
  const router = Router();
  router.post('/Media', guard, createHandler<fhir4.Media>(state, 'Media', mediaRules));
  router.get('/Media', guard, (req, res) => {
    const chained = queryValue(req, CHAINED_NHI);
    if (
      chained === undefined ||
      queryNames(req).some((name) => name !== CHAINED_NHI && !name.startsWith('_'))
    ) {
      return sendFhir(res, 403, OUTCOMES.forbidden());
    }
    const facility = facilityOf(res);
    const { system, code } = parseToken(chained);
    const patient =
      system === undefined || system === NHI_SYSTEM ? state.store.patientByNhi(facility, code) : undefined;
    const media = patient
      ? state.store
          .list('Media', facility.facilityId)
          .map((record) => record.resource as fhir4.Media)
          .filter((resource) => referencedId(resource.subject, 'Patient') === patient.id)
      : [];
    sendFhir(res, 200, pagedSearchset(req, media));
  });
  router.get('/Media/:id', guard, (req, res) => {
    const id = String(req.params.id);
    const record = state.store.get(facilityOf(res).facilityId, 'Media', id);
    if (!record) return sendFhir(res, 404, OUTCOMES.notFound('Media', id));
    res.set('ETag', `W/"${id}"`);
    sendFhir(res, 200, record.resource);
  });
  return router;
}
