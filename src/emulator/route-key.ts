/**
 * Route keys name what faults, latency and the journal apply to: `METHOD /FHIR/ResourceType`
 * (reads by id share their type's key: `GET /FHIR/Patient` covers `/FHIR/Patient/abc`),
 * `POST /token` for the token endpoint, `METHOD /path` for anything else, and `*`.
 */
export const TOKEN_ROUTE = 'POST /token';
export const ANY_ROUTE = '*';

const TOKEN_PATH = /^\/[^/]+\/oauth2\/v2\.0\/token\/?$/;
// ALEX's base is /FHIR but the URLs it returns say /fhir, so both spellings are accepted.
const FHIR_PATH = /^\/fhir(?:\/([^/]+))?/i;

/** The route key of a request, from its method and path (no query string). */
export function routeKey(method: string, path: string): string {
  const verb = method.toUpperCase();
  if (TOKEN_PATH.test(path)) return `${verb} /token`;
  const fhir = FHIR_PATH.exec(path);
  if (fhir) return fhir[1] ? `${verb} /FHIR/${fhir[1]}` : `${verb} /FHIR`;
  return `${verb} ${path}`;
}

/** True for routes under /FHIR: the only ones `*` applies to (the token endpoint is Entra's, not ALEX's). */
export function isFhirRoute(key: string): boolean {
  return / \/FHIR(\/|$)/.test(key);
}

/** Whether a fault or latency declared for `pattern` applies to a request with route key `key`. */
export function routeMatches(pattern: string, key: string): boolean {
  return pattern === key || (pattern === ANY_ROUTE && isFhirRoute(key));
}
