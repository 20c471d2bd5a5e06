import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { apimError, OUTCOMES } from './outcomes';

/** ALEX answers FHIR with this media type (ALEX.md section 2). */
export const FHIR_JSON = 'application/fhir+json';

/** Sends a FHIR resource with ALEX's content type. */
export function sendFhir(res: Response, status: number, body: fhir4.Resource): void {
  // JSON.stringify + send rather than res.json, so Content-Type stays application/fhir+json.
  res.status(status).type(FHIR_JSON).send(JSON.stringify(body));
}

/** Sends API Management's `{statusCode, message}` body (401, unexposed paths). */
export function sendApim(res: Response, status: number, message: string): void {
  res.status(status).json(apimError(status, message));
}

/** The scheme and host the client used, so returned URLs point back at this emulator. */
export function origin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** ALEX returns resource URLs with a lower-case `/fhir/` (ALEX.md section 2). */
export function resourceUrl(req: Request, type: string, id: string): string {
  return `${origin(req)}/fhir/${type}/${id}`;
}

/**
 * A searchset Bundle. When nothing matched, ALEX adds an OperationOutcome entry with
 * `search.mode: outcome` (ALEX.md section 3), so clients must check each entry's type.
 */
export function searchset(req: Request, matches: fhir4.Resource[]): fhir4.Bundle {
  const entry: fhir4.BundleEntry[] = matches.map((resource) => ({
    fullUrl: resourceUrl(req, resource.resourceType, resource.id ?? ''),
    resource,
    search: { mode: 'match' },
  }));
  if (matches.length === 0) entry.push({ resource: OUTCOMES.noMatches(), search: { mode: 'outcome' } });
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: new Date().toISOString() },
    type: 'searchset',
    total: matches.length,
    link: [{ relation: 'self', url: `${origin(req)}${req.originalUrl}` }],
    entry,
  };
}

/** `_count` beyond this is clamped, as FHIR servers cap their page size. */
export const MAX_PAGE_SIZE = 100;

/**
 * A searchset page that honours `_count` and `_offset`: `total` counts every match, and a
 * `next` link (the same query with the next `_offset`) is added while more matches remain.
 * Without `_count` every match is on the one page, as before.
 */
export function pagedSearchset(req: Request, matches: fhir4.Resource[]): fhir4.Bundle {
  const count = nonNegativeInt(queryValue(req, '_count'));
  if (count === undefined) return searchset(req, matches);
  const size = Math.min(Math.max(count, 1), MAX_PAGE_SIZE);
  const offset = nonNegativeInt(queryValue(req, '_offset')) ?? 0;
  const bundle = searchset(req, matches.slice(offset, offset + size));
  bundle.total = matches.length;
  if (offset + size < matches.length) {
    const next = new URL(`${origin(req)}${req.originalUrl}`);
    next.searchParams.set('_count', String(size));
    next.searchParams.set('_offset', String(offset + size));
    bundle.link = [...(bundle.link ?? []), { relation: 'next', url: next.toString() }];
  }
  return bundle;
}

function nonNegativeInt(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,6}$/.test(value) ? Number(value) : undefined;
}

/** The id in `Type/id` (or an absolute URL ending so), when the reference is to `type`. */
export function referencedId(reference: fhir4.Reference | undefined, type: string): string | undefined {
  const match = /(?:^|\/)([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(reference?.reference ?? '');
  return match && match[1] === type ? match[2] : undefined;
}

/** The single string value of a query parameter, or undefined when absent or repeated. */
export function queryValue(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The query parameter names of a request (FHIR modifiers like `_format` included). */
export function queryNames(req: Request): string[] {
  return Object.keys(req.query as Record<string, unknown>);
}

/** Splits a FHIR token search value `system|code`; a value without `|` has no system. */
export function parseToken(value: string): { system?: string; code: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { code: value };
  return { system: bar === 0 ? undefined : value.slice(0, bar), code: value.slice(bar + 1) };
}
