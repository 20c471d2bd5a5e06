import { AlexHttpError } from './errors';
import { entriesOfType, isResource, outcomeEntries, issuesOf, parseAlexBody } from './operation-outcome';
import type { AlexClient, AlexRequest, AlexResponse, CreateResult } from './types';
import { FHIR_URLS } from './builders/fhir-urls';

/** The NHI identifier system, from the one module that holds the gateway's FHIR URLs. */
export const NHI_SYSTEM = FHIR_URLS.nhiSystem;
/** Readiness must answer within the registry's 3 s, whatever ALEX_DEADLINE_MS says. */
const PING_DEADLINE_MS = 2500;

type RequestFn = <T>(call: AlexRequest) => Promise<AlexResponse<T>>;

/** A 2xx whose body is not what the call expects: ALEX_REJECTED, with the body kind logged. */
function unexpected(status: number, body: unknown): AlexHttpError {
  return new AlexHttpError({
    status,
    body: parseAlexBody(typeof body === 'string' ? body : JSON.stringify(body ?? '')),
  });
}

/** What the resource calls need to know besides `request`. */
export interface ResourceCallsOptions {
  /** MEDTECH_LAUNCH_DECODE_URL, without a trailing slash. */
  launchDecodeUrl: string;
  /** MEDTECH_FACILITY_ID: the decode's `mt-facilityid` and breaker, the practice being unknown until then. */
  defaultFacilityId: string;
}

/** The typed calls on top of `request`: what the gateway actually asks ALEX. */
export function createResourceCalls(
  request: RequestFn,
  options: ResourceCallsOptions,
): Omit<AlexClient, 'request' | 'breakerStates' | 'close'> {
  return {
    async readPatient(facilityId, id) {
      const response = await request<unknown>({
        facilityId,
        method: 'GET',
        path: `Patient/${encodeURIComponent(id)}`,
        routeTemplate: 'GET /Patient/:id',
        notFound: 'PATIENT_NOT_FOUND',
      });
      if (!isResource<fhir4.Patient>(response.data, 'Patient'))
        throw unexpected(response.status, response.data);
      return { patient: response.data, status: response.status };
    },

    async searchPatientByNhi(facilityId, nhi) {
      const response = await request<unknown>({
        facilityId,
        method: 'GET',
        path: 'Patient',
        query: { identifier: `${NHI_SYSTEM}|${nhi}` },
        routeTemplate: 'GET /Patient', // a search; the redactor would strip a '?' anyway
      });
      const bundle = response.data;
      if (!isResource<fhir4.Bundle>(bundle, 'Bundle')) throw unexpected(response.status, bundle);
      // ALEX answers "no match" with an OperationOutcome entry, so every entry's type is checked.
      const [patient] = entriesOfType<fhir4.Patient>(bundle, 'Patient');
      return { patient, bundle, issues: outcomeEntries(bundle).flatMap(issuesOf), status: response.status };
    },

    async create<T extends fhir4.Resource>(facilityId: string, resource: T): Promise<CreateResult<T>> {
      const response = await request<unknown>({
        facilityId,
        method: 'POST',
        path: resource.resourceType,
        body: resource,
        routeTemplate: `POST /${resource.resourceType}`,
      });
      const location = response.headers.location;
      const echoed = isResource<T>(response.data, resource.resourceType) ? response.data : undefined;
      const id = echoed?.id ?? idFromLocation(location, resource.resourceType);
      if (!id) throw unexpected(response.status, response.data);
      return { resource: { ...(echoed ?? resource), id }, id, location, status: response.status };
    },

    async decodeLaunch(context, signature) {
      const response = await request<unknown>({
        facilityId: options.defaultFacilityId,
        method: 'GET',
        // Both values are base64 (`+`, `/`, `=`): each must stay one path segment.
        path: `${options.launchDecodeUrl}/${encodeURIComponent(context)}/${encodeURIComponent(signature)}`,
        // The path holds the pair: logs and metrics only ever see this template.
        routeTemplate: 'GET /vendorforms/api/getlaunchcontextstring/:context/:signature',
        tokenRejection: 'standard-message',
      });
      return { data: response.data, status: response.status };
    },

    async ping(facilityId) {
      const response = await request<unknown>({
        facilityId,
        method: 'GET',
        path: 'metadata',
        routeTemplate: 'GET /metadata',
        deadlineMs: PING_DEADLINE_MS,
        maxAttempts: 1,
      });
      return { status: response.status, durationMs: response.durationMs };
    },
  };
}

/** `.../fhir/Media/<id>/_history/<v>` (ALEX.md §4: lower-case `fhir`). */
export function idFromLocation(location: string | undefined, type: string): string | undefined {
  const match = location?.match(new RegExp(`/${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/|$|\\?)`, 'i'));
  return match?.[1];
}
