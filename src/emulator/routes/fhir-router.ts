import { Router } from 'express';
import { ALEX_TEXT } from '../outcomes';
import { sendApim } from '../fhir-http';
import { fhirGuard } from '../middleware/fhir-guard';
import type { EmulatorState } from '../state';
import { directoryRouter } from './directory';
import { documentReferenceRouter } from './document-reference';
import { inboxAndTaskRouter } from './inbox-and-task';
import { launchRouter } from './launch';
import { mediaRouter } from './media';
import { metadataRouter } from './metadata';
import { patientRouter } from './patient';

/**
 * Everything under /FHIR. Each exposed operation runs the guard (token, mt-appid, facility)
 * first. An operation ALEX does not expose (Encounter, PUT/DELETE, ...) is answered by API
 * Management itself with its non-FHIR 404 before any check, as ALEX does for Encounter.
 */
export function fhirRouter(state: EmulatorState): Router {
  const guard = fhirGuard(state);
  const router = Router();
  router.use(metadataRouter(guard));
  router.use(directoryRouter(state, guard));
  router.use(patientRouter(state, guard));
  router.use(mediaRouter(state, guard));
  router.use(inboxAndTaskRouter(state, guard));
  router.use(launchRouter(state, guard));
  router.use(documentReferenceRouter(state, guard));
  router.use((_req, res) => sendApim(res, 404, ALEX_TEXT.resourceNotFound));
  return router;
}
