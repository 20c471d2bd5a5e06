import { Router, type RequestHandler } from 'express';
import type { EmulatorState } from '../state';
import { createHandler } from './create-resource';
import { documentReferenceRules } from './document-reference-rules';
import { chainedNhiSearch, readById } from './patient-resource-routes';

/**
 * The Inbox Scan folder (ALEX.md section 7): create, read by id, and the chained NHI look-up,
 * which answers by default and is 403 when the `documentReferenceSearch` control says
 * `forbidden` (whether real ALEX allows it is unknown). `?subject=`, `?patient=` and every
 * other DocumentReference search are 403, as ALEX answers (section 3). Duplicates are
 * accepted, the worst case.
 */
export function documentReferenceRouter(state: EmulatorState, guard: RequestHandler): Router {
  const router = Router();
  router.post(
    '/DocumentReference',
    guard,
    createHandler<fhir4.DocumentReference>(state, 'DocumentReference', documentReferenceRules),
  );
  router.get(
    '/DocumentReference',
    guard,
    chainedNhiSearch(state, 'DocumentReference', () => state.documentReferenceSearch() === 'forbidden'),
  );
  router.get('/DocumentReference/:id', guard, readById(state, 'DocumentReference'));
  return router;
}
