import type { RequestHandler } from 'express';
import { facilityOf } from '../middleware/fhir-guard';
import { OUTCOMES } from '../outcomes';
import { pagedSearchset, parseToken, queryNames, queryValue, referencedId, sendFhir } from '../fhir-http';
import { NHI_SYSTEM } from '../seed';
import type { EmulatorState } from '../state';

const CHAINED_NHI = 'patient.identifier';

type PatientResourceType = 'Media' | 'DocumentReference';

/**
 * The one search ALEX supports for a patient's images and documents (ALEX.md sections 3 and 7):
 * chained on the patient's NHI, paged by `_count` with `next` links. Any other filter is 403
 * `Authorization failed.`, as is every search when `refused()` says so (an emulator control).
 */
export function chainedNhiSearch(
  state: EmulatorState,
  type: PatientResourceType,
  refused: () => boolean = () => false,
): RequestHandler {
  return (req, res) => {
    const chained = queryValue(req, CHAINED_NHI);
    const otherFilter = queryNames(req).some((name) => name !== CHAINED_NHI && !name.startsWith('_'));
    if (refused() || chained === undefined || otherFilter) return sendFhir(res, 403, OUTCOMES.forbidden());
    const facility = facilityOf(res);
    const { system, code } = parseToken(chained);
    const patient =
      system === undefined || system === NHI_SYSTEM ? state.store.patientByNhi(facility, code) : undefined;
    const matches = patient
      ? state.store
          .list(type, facility.facilityId)
          .map((record) => record.resource as fhir4.Media | fhir4.DocumentReference)
          .filter((resource) => referencedId(resource.subject, 'Patient') === patient.id)
      : [];
    sendFhir(res, 200, pagedSearchset(req, matches));
  };
}

/** `GET /<type>/:id` with ALEX's weak ETag. */
export function readById(state: EmulatorState, type: PatientResourceType): RequestHandler {
  return (req, res) => {
    const id = String(req.params.id);
    const record = state.store.get(facilityOf(res).facilityId, type, id);
    if (!record) return sendFhir(res, 404, OUTCOMES.notFound(type, id));
    res.set('ETag', `W/"${id}"`);
    sendFhir(res, 200, record.resource);
  };
}
