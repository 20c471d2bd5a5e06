/**
 * Reads ALEX's answers in the three shapes of ALEX.md §6: a FHIR OperationOutcome (text in
 * `diagnostics` or `details.text`), a `{statusCode, message}` object, or plain text; and finds
 * the OperationOutcome entries ALEX puts inside search Bundles.
 */

/** One upstream issue. `code` and `severity` may be shown to callers; `text` goes to the log only. */
export interface UpstreamIssue {
  code: string;
  severity: string;
  text?: string;
}

export type AlexBodyKind = 'operation-outcome' | 'status-message' | 'text' | 'json' | 'empty';

export interface ParsedAlexBody {
  kind: AlexBodyKind;
  /** The parsed JSON, when the body was JSON. */
  json?: unknown;
  issues: UpstreamIssue[];
  /** ALEX's own words (diagnostics, message or the text body), for the log only. */
  text?: string;
}

const MAX_TEXT = 300;

export function parseAlexBody(raw: string | undefined): ParsedAlexBody {
  if (raw === undefined || raw.trim() === '') return { kind: 'empty', issues: [] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: 'text', issues: [], text: clip(raw.trim()) };
  }
  if (typeof json === 'string') return { kind: 'text', issues: [], text: clip(json) };
  if (isResource<fhir4.OperationOutcome>(json, 'OperationOutcome')) {
    const issues = issuesOf(json);
    return { kind: 'operation-outcome', json, issues, text: joinText(issues) };
  }
  if (isResource<fhir4.Bundle>(json, 'Bundle')) {
    const issues = outcomeEntries(json).flatMap(issuesOf);
    return { kind: 'json', json, issues, text: joinText(issues) };
  }
  const message = (json as { message?: unknown } | null)?.message;
  if (json !== null && typeof json === 'object' && 'statusCode' in json && typeof message === 'string') {
    return { kind: 'status-message', json, issues: [], text: clip(message) };
  }
  return { kind: 'json', json, issues: [], text: typeof message === 'string' ? clip(message) : undefined };
}

export function issuesOf(outcome: fhir4.OperationOutcome): UpstreamIssue[] {
  return (outcome.issue ?? []).map((issue) => ({
    code: typeof issue.code === 'string' ? issue.code : 'unknown',
    severity: typeof issue.severity === 'string' ? issue.severity : 'error',
    text: clipOptional(issue.diagnostics ?? issue.details?.text),
  }));
}

/** The OperationOutcome entries of a Bundle: ALEX adds one when a search matches nothing. */
export function outcomeEntries(bundle: fhir4.Bundle): fhir4.OperationOutcome[] {
  return (bundle.entry ?? [])
    .map((entry) => entry.resource)
    .filter((resource): resource is fhir4.OperationOutcome =>
      isResource<fhir4.OperationOutcome>(resource, 'OperationOutcome'),
    );
}

/** The entries of a Bundle with the given resourceType, skipping anything else. */
export function entriesOfType<T extends fhir4.Resource>(bundle: fhir4.Bundle, type: T['resourceType']): T[] {
  return (bundle.entry ?? [])
    .map((entry) => entry.resource)
    .filter((resource): resource is T => isResource<T>(resource, type));
}

export function isResource<T extends fhir4.Resource>(value: unknown, type: T['resourceType']): value is T {
  return (
    typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === type
  );
}

function joinText(issues: UpstreamIssue[]): string | undefined {
  const texts = issues.map((issue) => issue.text).filter((text): text is string => Boolean(text));
  return texts.length > 0 ? clip(texts.join(' | ')) : undefined;
}

function clipOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : clip(text);
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text;
}
