import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json';
import { FHIR_SCHEMA_ID, loadFhirSchema } from './fhir-schema';

/** One problem found in a resource: a JSON pointer-ish path and what is wrong there. */
export interface ConformanceIssue {
  path: string;
  message: string;
}

export type ConformanceResult = { valid: true } | { valid: false; issues: ConformanceIssue[] };

/** At most this many issues are reported: a badly broken resource would otherwise list hundreds. */
const MAX_ISSUES = 20;

interface Compiled {
  ajv: Ajv;
  resourceTypes: ReadonlySet<string>;
  byType: Map<string, ValidateFunction>;
}

let compiled: Compiled | undefined;

function compiler(): Compiled {
  if (!compiled) {
    const { schema, resourceTypes } = loadFhirSchema();
    // strict:false because the FHIR schema uses draft-06 idioms ajv's strict mode flags.
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    ajv.addMetaSchema(draft06MetaSchema);
    ajv.addSchema(schema, FHIR_SCHEMA_ID);
    compiled = { ajv, resourceTypes, byType: new Map() };
  }
  return compiled;
}

/**
 * Validates against the definition of the resource's own type rather than the schema's
 * top-level `oneOf`: same rules, but the errors name the real problem instead of one
 * mismatch per resource type. The first call compiles the schema (about a second); the
 * compiled validators are shared by every later call.
 */
function validatorFor(resourceType: string): ValidateFunction | undefined {
  const { ajv, resourceTypes, byType } = compiler();
  if (!resourceTypes.has(resourceType)) return undefined;
  let validate = byType.get(resourceType);
  if (!validate) {
    validate = ajv.getSchema(`${FHIR_SCHEMA_ID}#/definitions/${resourceType}`);
    if (!validate) return undefined;
    byType.set(resourceType, validate);
  }
  return validate;
}

function describe(error: ErrorObject): ConformanceIssue {
  const base = error.instancePath === '' ? '' : error.instancePath;
  if (error.keyword === 'additionalProperties') {
    const property = String((error.params as { additionalProperty?: string }).additionalProperty);
    return { path: `${base}/${property}`, message: 'is not a property of this FHIR type' };
  }
  return { path: base === '' ? '/' : base, message: error.message ?? 'is not valid' };
}

/** Compiles the FHIR schema now, so the first real request does not pay for it. */
export function warmUpConformance(): void {
  validatorFor('Media');
}

/**
 * Checks a value against the official FHIR R4 JSON schema (structure, types, required
 * elements, no unknown properties). Terminology bindings and invariants are not checked.
 */
export function validateFhirResource(resource: unknown): ConformanceResult {
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) {
    return { valid: false, issues: [{ path: '/', message: 'must be a JSON object' }] };
  }
  const resourceType = (resource as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string') {
    return { valid: false, issues: [{ path: '/resourceType', message: 'is required and must be a string' }] };
  }
  const validate = validatorFor(resourceType);
  if (!validate) {
    return { valid: false, issues: [{ path: '/resourceType', message: 'is not a FHIR R4 resource type' }] };
  }
  if (validate(resource)) return { valid: true };
  const seen = new Set<string>();
  const issues: ConformanceIssue[] = [];
  for (const error of validate.errors ?? []) {
    const issue = describe(error);
    const key = `${issue.path} ${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
    if (issues.length >= MAX_ISSUES) break;
  }
  return { valid: false, issues };
}
