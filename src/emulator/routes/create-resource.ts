import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { validateFhirResource } from '../../fhir/conformance';
import { operationOutcome, OUTCOMES } from '../outcomes';
import { facilityOf } from '../middleware/fhir-guard';
import { origin, sendFhir } from '../fhir-http';
import type { SeedFacility } from '../seed';
import type { EmulatorState } from '../state';
import type { ResourceStore, WritableResource, WritableType } from '../store';

/** What a type-specific rule sees; it answers an OperationOutcome to refuse the resource. */
export interface RuleContext {
  facility: SeedFacility;
  store: ResourceStore;
}
export type BusinessRule<T extends WritableResource> = (
  resource: T,
  context: RuleContext,
) => fhir4.OperationOutcome | undefined;

/**
 * FHIR create, as ALEX does it for Media (ALEX.md section 4) and as we assume for
 * Communication and Task: parse, check against the R4 schema (400 `structure`), apply the
 * type's business rules (400), then store with a fresh 32-hex id and answer 201 with the
 * resource, `Location: .../fhir/<Type>/<id>/_history/<id>` and `ETag: W/"<id>"`.
 * Duplicates are NOT refused: ALEX's behaviour is unknown, so the emulator takes the worst case.
 */
export function createHandler<T extends WritableResource>(
  state: EmulatorState,
  type: WritableType,
  rule: BusinessRule<T>,
): RequestHandler {
  return (req, res) => {
    const body: unknown = req.body;
    if (body === undefined) {
      return sendFhir(
        res,
        415,
        operationOutcome('not-supported', 'The body must be application/fhir+json or application/json'),
      );
    }
    if (
      typeof body !== 'object' ||
      body === null ||
      (body as { resourceType?: unknown }).resourceType !== type
    ) {
      return sendFhir(res, 400, OUTCOMES.structure(`The body must be a ${type} resource`));
    }
    const conformance = validateFhirResource(body);
    if (!conformance.valid) {
      const text = conformance.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      return sendFhir(res, 400, OUTCOMES.structure(`${type} does not conform to FHIR R4: ${text}`));
    }
    const facility = facilityOf(res);
    const refusal = rule(body as T, { facility, store: state.store });
    if (refusal) return sendFhir(res, 400, refusal);

    const id = randomBytes(16).toString('hex');
    const now = new Date();
    const resource = {
      ...(body as T),
      id,
      meta: { ...(body as T).meta, versionId: id, lastUpdated: now.toISOString() },
    };
    state.store.add({ type, facilityId: facility.facilityId, resource, createdAt: now.toISOString() });
    res.set({
      Location: `${origin(req)}/fhir/${type}/${id}/_history/${id}`,
      ETag: `W/"${id}"`,
      'Last-Modified': now.toUTCString(),
    });
    sendFhir(res, 201, resource);
  };
}
