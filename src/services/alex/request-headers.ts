import type { Config } from '../../config';
import { FACILITY_ID_PATTERN } from '../../schemas/patterns';

export const FHIR_JSON = 'application/fhir+json';

/** `mt-facilityid` goes into a header: anything but an HPI-shaped id is refused before sending. */
export function isFacilityIdShape(facilityId: string): boolean {
  return FACILITY_ID_PATTERN.test(facilityId);
}

/**
 * The headers of ALEX.md §2, exactly: `mt-appid` only when configured (UAT refused it in
 * November 2025), and never `mt-env` or `mt-roles`, which ALEX's own gateway injects.
 */
export function alexHeaders(options: {
  token: string;
  facilityId: string;
  correlationId: string;
  appId: string | undefined;
  hasBody: boolean;
}): Record<string, string> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${options.token}`,
    Accept: FHIR_JSON,
    'mt-facilityid': options.facilityId,
    'mt-correlationid': options.correlationId,
  };
  if (options.appId) headers['mt-appid'] = options.appId;
  if (options.hasBody) headers['Content-Type'] = FHIR_JSON;
  return headers;
}

/**
 * `{base}/{path}?{query}`, or `{path}?{query}` when `path` is already absolute (the launch
 * decode); the query is encoded here so the log never needs to see it.
 */
export function alexUrl(
  medtech: Readonly<Config['medtech']>,
  path: string,
  query: Record<string, string> | undefined,
): string {
  const url = /^https?:\/\//i.test(path) ? path : `${medtech.apiBaseUrl}/${path.replace(/^\/+/, '')}`;
  const search = query ? new URLSearchParams(query).toString() : '';
  return search ? `${url}?${search}` : url;
}
