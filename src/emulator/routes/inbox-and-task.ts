import { Router, type RequestHandler } from 'express';
import { facilityOf } from '../middleware/fhir-guard';
import { OUTCOMES } from '../outcomes';
import { sendFhir } from '../fhir-http';
import type { EmulatorState } from '../state';
import type { WritableType } from '../store';
import { createHandler, type RuleContext } from './create-resource';
import { checkMedia, checkPractitioner, requirePatient } from './reference-rules';

/**
 * [assumed] Inbox messages (Communication) and tasks (Task), plain FHIR R4 as ALEX.md
 * section 5 reads them: creates with referential checks, reads by id; every search is 403
 * (ALEX refuses `Task?...` and `Communication?...`).
 */
export function inboxAndTaskRouter(state: EmulatorState, guard: RequestHandler): Router {
  const router = Router();
  router.post(
    '/Communication',
    guard,
    createHandler<fhir4.Communication>(state, 'Communication', communicationRules),
  );
  router.post('/Task', guard, createHandler<fhir4.Task>(state, 'Task', taskRules));
  for (const type of ['Communication', 'Task'] as const) {
    router.get(`/${type}`, guard, (_req, res) => sendFhir(res, 403, OUTCOMES.forbidden()));
    router.get(`/${type}/:id`, guard, readById(state, type));
  }
  return router;
}

function communicationRules(
  resource: fhir4.Communication,
  context: RuleContext,
): fhir4.OperationOutcome | undefined {
  return (
    requirePatient(resource.subject, 'Communication.subject', context) ??
    firstRefusal(
      (resource.recipient ?? []).map((r) => checkPractitioner(r, 'Communication.recipient', context)),
    ) ??
    firstRefusal(
      (resource.payload ?? []).map((p) =>
        checkMedia(p.contentReference, 'Communication.payload.contentReference', context),
      ),
    )
  );
}

function taskRules(resource: fhir4.Task, context: RuleContext): fhir4.OperationOutcome | undefined {
  return (
    requirePatient(resource.for, 'Task.for', context) ??
    checkPractitioner(resource.owner, 'Task.owner', context) ??
    checkMedia(resource.focus, 'Task.focus', context)
  );
}

function firstRefusal(
  results: Array<fhir4.OperationOutcome | undefined>,
): fhir4.OperationOutcome | undefined {
  return results.find((result) => result !== undefined);
}

function readById(state: EmulatorState, type: WritableType): RequestHandler {
  return (req, res) => {
    const id = String(req.params.id);
    const record = state.store.get(facilityOf(res).facilityId, type, id);
    if (!record) return sendFhir(res, 404, OUTCOMES.notFound(type, id));
    res.set('ETag', `W/"${id}"`);
    sendFhir(res, 200, record.resource);
  };
}
