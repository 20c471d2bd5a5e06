import { AlexHttpError } from './errors';
import { entriesOfType, isResource, outcomeEntries, issuesOf, parseAlexBody } from './operation-outcome';
import type { AlexClient, AlexRequest, AlexResponse, CreateResult } from './types';
import { FHIR_URLS } from '../../fhir/builders/fhir-urls';

/** The NHI identifier system, from the one module that holds the gateway's FHIR URLs. */
export const NHI_SYSTEM = FHIR_URLS.nhiSystem;
/** Readiness must answer within the registry's 3 s, whatever ALEX_DEADLINE_MS says. */
const PING_DEADLINE_MS = 2500;
/** Small pages keep each response well under the body cap; every page is read. */
export const MEDIA_SEARCH_PAGE_SIZE = 50;
/** A patient with more Media than this many pages is refused rather than half-searched. */
const MEDIA_SEARCH_MAX_PAGES = 200;

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
  /**
   * The chained search ALEX supports for patient resources (`<type>?patient.identifier=<NHI>`),
   * every page of it: stopping early could miss a match and lead to a duplicate write.
   */
  async function searchByNhi<T extends fhir4.Resource>(
    facilityId: string,
    type: T['resourceType'],
    nhi: string,
  ): Promise<T[]> {
    const found: T[] = [];
    let query: Record<string, string> | undefined = {
      'patient.identifier': `${NHI_SYSTEM}|${nhi}`,
      _count: String(MEDIA_SEARCH_PAGE_SIZE),
    };
    for (let page = 0; query; page += 1) {
      const response: AlexResponse<unknown> = await request<unknown>({
        facilityId,
        method: 'GET',
        path: type,
        query,
        routeTemplate: `GET /${type}?patient.identifier`,
      });
      const bundle = response.data;
      if (!isResource<fhir4.Bundle>(bundle, 'Bundle')) throw unexpected(response.status, bundle);
      found.push(...entriesOfType<T>(bundle, type));
      query = nextPageQuery(bundle, type);
      // Refuse rather than stop early: a missed match could become a duplicate write.
      if (query && page + 1 >= MEDIA_SEARCH_MAX_PAGES) throw unexpected(response.status, bundle);
    }
    return found;
  }

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

    searchByNhi,

    searchMediaByNhi: (facilityId, nhi) => searchByNhi<fhir4.Media>(facilityId, 'Media', nhi),

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

/**
 * The query of a searchset's `next` link, to be sent again through `request` against the
 * configured base: the link's host is never contacted, so a token cannot follow it elsewhere.
 * Undefined when there is no next page or the link is not a search of `type`.
 */
export function nextPageQuery(bundle: fhir4.Bundle, type: string): Record<string, string> | undefined {
  const next = bundle.link?.find((link) => link.relation === 'next')?.url;
  if (!next) return undefined;
  let url: URL;
  try {
    url = new URL(next, 'http://relative.invalid');
  } catch {
    return undefined;
  }
  if (!new RegExp(`/${type}$`, 'i').test(url.pathname)) return undefined;
  return Object.fromEntries(url.searchParams);
}

/** `.../fhir/Media/<id>/_history/<v>` (ALEX.md §4: lower-case `fhir`). */
export function idFromLocation(location: string | undefined, type: string): string | undefined {
  const match = location?.match(new RegExp(`/${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/|$|\\?)`, 'i'));
  return match?.[1];
}
