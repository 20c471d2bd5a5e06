import { Router, type RequestHandler } from 'express';
import type { EmulatorState } from '../state';
import { createHandler } from './create-resource';
import { mediaRules } from './media-rules';
import { chainedNhiSearch, readById } from './patient-resource-routes';

/**
 * Media: create (ALEX.md section 4), read by id, and the one supported search, chained on
 * the patient's NHI, paged by `_count` with `next` links. `Media?patient=` and `Media?subject=`
 * are 403, as in ALEX.
 */
export function mediaRouter(state: EmulatorState, guard: RequestHandler): Router {
  const router = Router();
  router.post('/Media', guard, createHandler<fhir4.Media>(state, 'Media', mediaRules));
  router.get('/Media', guard, chainedNhiSearch(state, 'Media'));
  router.get('/Media/:id', guard, readById(state, 'Media'));
  return router;
}
