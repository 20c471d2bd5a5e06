/**
 * The error bodies ALEX answers with. Three shapes exist (ALEX.md section 6): FHIR
 * OperationOutcome, Azure API Management's `{statusCode, message}`, and plain text.
 */

export type IssueCode = fhir4.OperationOutcomeIssue['code'];

/** A one-issue OperationOutcome, the shape ALEX uses for its FHIR-level errors. */
export function operationOutcome(
  code: IssueCode,
  diagnostics: string,
  severity: fhir4.OperationOutcomeIssue['severity'] = 'error',
): fhir4.OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

/** ALEX's exact texts, where they are known (ALEX.md sections 4 and 6). */
export const ALEX_TEXT = {
  authorizationFailed: 'Authorization failed.',
  identifierMissing: 'The mandatory Identifier.value with the reference number is missing',
  facilityOffline: 'Cannot establish connection to the facility. Please try again later.',
  facilityNotFound: 'Practice Facility not found',
  resourceNotFound: 'Resource not found',
  /** [assumed] Azure API Management's usual validate-jwt text; ALEX's real 401 body was never captured. */
  unauthorized: 'Unauthorized. Access token is missing or invalid.',
} as const;

/** Azure API Management's own error body, used by ALEX for 401, unexposed paths and throttling. */
export interface ApimError {
  statusCode: number;
  message: string;
}

export function apimError(statusCode: number, message: string): ApimError {
  return { statusCode, message };
}

export const OUTCOMES = {
  forbidden: () => operationOutcome('forbidden', ALEX_TEXT.authorizationFailed),
  identifierMissing: () => operationOutcome('business-rule', ALEX_TEXT.identifierMissing),
  facilityOffline: () => operationOutcome('exception', ALEX_TEXT.facilityOffline),
  /** [assumed] ALEX's body is the text "Practice Facility not found"; we wrap it in an OperationOutcome. */
  facilityNotFound: () => operationOutcome('forbidden', ALEX_TEXT.facilityNotFound),
  notFound: (type: string, id: string) =>
    operationOutcome('not-found', `Resource ${type}/${id} is not known`),
  structure: (diagnostics: string) => operationOutcome('structure', diagnostics),
  businessRule: (diagnostics: string) => operationOutcome('business-rule', diagnostics),
  /** [assumed] ALEX's style for the Scan write-back's refusals (ALEX.md section 7). */
  notSupported: (diagnostics: string) => operationOutcome('not-supported', diagnostics),
  tooLong: (diagnostics: string) => operationOutcome('too-long', diagnostics),
  invalid: (diagnostics: string) => operationOutcome('invalid', diagnostics),
  /** The entry ALEX adds to a search Bundle when nothing matched (ALEX.md section 3). */
  noMatches: () => operationOutcome('not-found', 'No matching resources found.', 'information'),
};
