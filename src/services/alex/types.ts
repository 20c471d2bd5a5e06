import type { UpstreamIssue } from './operation-outcome';

export type AlexMethod = 'GET' | 'POST';

/** One logical ALEX call; retries, the 401 replay and the breaker happen inside. */
export interface AlexRequest {
  facilityId: string;
  method: AlexMethod;
  /**
   * Relative to the FHIR base, e.g. `Patient` or `Patient/<id>` (ids already encoded); or an
   * absolute http(s) URL for the one call outside it (the launch decode, MEDTECH_LAUNCH_DECODE_URL).
   */
  path: string;
  query?: Record<string, string>;
  /** Sent as JSON with `Content-Type: application/fhir+json`. */
  body?: unknown;
  /** `GET /Patient/:id`: the only URL shape that reaches the log (no ids, no query string). */
  routeTemplate: string;
  /**
   * May the request be sent again after it may have reached ALEX (timeout, dropped connection,
   * 500/502/504)? Defaults to true for GET, false for POST. 429, 503 and failures that never
   * reached ALEX are retried either way.
   */
  retryable?: boolean;
  /**
   * Which 401s mean "the token was refused" (evict it, replay once with a fresh one): `any` (the
   * default), or only `standard-message`, ALEX's `{"statusCode":401,"message":"Unauthorized. Access
   * token is missing or invalid."}`; any other 401 is then the call's own answer (the launch decode
   * refusing a pair) and is thrown as it is, keeping the token.
   */
  tokenRejection?: 'any' | 'standard-message';
  /** What a 404 means for this call, when it means more than "ALEX refused". */
  notFound?: 'PATIENT_NOT_FOUND';
  /** Tighter budgets for this call (readiness probes); config values are the ceiling. */
  deadlineMs?: number;
  maxAttempts?: number;
}

export interface AlexResponse<T> {
  status: number;
  data: T;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** HTTP exchanges made, the 401 replay included. */
  attempts: number;
  durationMs: number;
}

export interface PatientSearchResult {
  /** The first Patient entry; undefined when ALEX found none. */
  patient?: fhir4.Patient;
  bundle: fhir4.Bundle;
  /** OperationOutcome entries ALEX put in the Bundle (its "no match" notice, for example). */
  issues: UpstreamIssue[];
  status: number;
}

export interface CreateResult<T extends fhir4.Resource> {
  resource: T & { id: string };
  id: string;
  location?: string;
  status: number;
}

/** The gateway's only door to ALEX. Knows nothing about incoming HTTP requests. */
export interface AlexClient {
  request<T = unknown>(request: AlexRequest): Promise<AlexResponse<T>>;
  /** Throws AlexHttpError mapping to PATIENT_NOT_FOUND when ALEX answers 404. */
  readPatient(facilityId: string, id: string): Promise<{ patient: fhir4.Patient; status: number }>;
  searchPatientByNhi(facilityId: string, nhi: string): Promise<PatientSearchResult>;
  /**
   * `GET /Media?patient.identifier=<nhi system>|<nhi>`, the one Media search ALEX offers, read to
   * the last page (small `_count`, following the Bundle's `next` links). Returns the Media found.
   */
  searchMediaByNhi(facilityId: string, nhi: string): Promise<fhir4.Media[]>;
  /** Every page of `<type>?patient.identifier=<NHI>` (Media, DocumentReference). */
  searchByNhi<T extends fhir4.Resource>(
    facilityId: string,
    type: T['resourceType'],
    nhi: string,
  ): Promise<T[]>;
  /** POST of a new resource; never replayed after it may have reached ALEX. */
  create<T extends fhir4.Resource>(facilityId: string, resource: T): Promise<CreateResult<T>>;
  /**
   * `GET MEDTECH_LAUNCH_DECODE_URL/{context}/{signature}` with `mt-facilityid: MEDTECH_FACILITY_ID`
   * (the practice is unknown until ALEX answers). Returns ALEX's JSON unchecked; a 400 or a
   * non-token 401 is thrown as AlexHttpError with that status, the token kept.
   */
  decodeLaunch(context: string, signature: string): Promise<{ data: unknown; status: number }>;
  /** `GET /metadata` with a short budget and no retries, for readiness. */
  ping(facilityId: string): Promise<{ status: number; durationMs: number }>;
  /** The breaker state per facility, for diagnostics. */
  breakerStates(): Record<string, 'closed' | 'open' | 'half-open'>;
  /** Stops breaker timers and closes kept-alive sockets. */
  close(): void;
}

/** One HTTP exchange with ALEX, as the client's `onExchange` observer hears it (for metrics). */
export interface AlexExchange {
  facilityId: string;
  /** The request's route template, e.g. `POST /Media`. */
  operation: string;
  /** The HTTP status as text, or `timeout` / `network_error` when no answer came. */
  status: string;
  durationMs: number;
}
