import { Router, type Request, type RequestHandler } from 'express';
import { facilityOf } from '../middleware/fhir-guard';
import { OUTCOMES } from '../outcomes';
import { parseToken, queryNames, queryValue, referencedId, searchset, sendFhir } from '../fhir-http';
import { NHI_SYSTEM } from '../seed';
import type { EmulatorState } from '../state';
import { createHandler } from './create-resource';
import { documentReferenceRules } from './document-reference-rules';

const CHAINED_NHI = 'patient.identifier';

function positiveInt(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && Number.isInteger(number) && number >= 0 ? number : undefined;
}

/**
 * [assumed] A searchset of at most `_count` documents from `_offset`, with a `next` link while
 * more remain: each document carries up to 8 MB of base64, so a client must be able to page.
 * Without `_count`, everything in one Bundle.
 */
function pagedSearchset(req: Request, matches: fhir4.DocumentReference[]): fhir4.Bundle {
  const count = positiveInt(queryValue(req, '_count'));
  if (count === undefined || count === 0) return searchset(req, matches);
  const offset = positiveInt(queryValue(req, '_offset')) ?? 0;
  const bundle = searchset(req, matches.slice(offset, offset + count));
  bundle.total = matches.length;
  if (offset + count < matches.length) {
    const next = new URL(bundle.link?.[0]?.url ?? '');
    next.searchParams.set('_offset', String(offset + count));
    bundle.link = [...(bundle.link ?? []), { relation: 'next', url: next.toString() }];
  }
  return bundle;
}

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
  router.get('/DocumentReference', guard, (req, res) => {
    const chained = queryValue(req, CHAINED_NHI);
    if (
      state.documentReferenceSearch() === 'forbidden' ||
      chained === undefined ||
      queryNames(req).some((name) => name !== CHAINED_NHI && !name.startsWith('_'))
    ) {
      return sendFhir(res, 403, OUTCOMES.forbidden());
    }
    const facility = facilityOf(res);
    const { system, code } = parseToken(chained);
    const patient =
      system === undefined || system === NHI_SYSTEM ? state.store.patientByNhi(facility, code) : undefined;
    const documents = patient
      ? state.store
          .list('DocumentReference', facility.facilityId)
          .map((record) => record.resource as fhir4.DocumentReference)
          .filter((resource) => referencedId(resource.subject, 'Patient') === patient.id)
      : [];
    sendFhir(res, 200, pagedSearchset(req, documents));
  });
  router.get('/DocumentReference/:id', guard, (req, res) => {
    const id = String(req.params.id);
    const record = state.store.get(facilityOf(res).facilityId, 'DocumentReference', id);
    if (!record) return sendFhir(res, 404, OUTCOMES.notFound('DocumentReference', id));
    res.set('ETag', `W/"${id}"`);
    sendFhir(res, 200, record.resource);
  });
  return router;
}
