import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

/** Response headers described once under components/headers and referenced by name. */
export const HEADER_COMPONENTS = {
  'X-Correlation-Id': {
    description:
      "On every response: the request's UUID if it sent one, else a new one. Also in error bodies and logs.",
    required: true,
    schema: { type: 'string', format: 'uuid' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again; set where waiting helps (429, 503).',
    schema: { type: 'integer', minimum: 0 },
  },
  ETag: {
    description: 'Strong validator of the capabilities document; send it back as If-None-Match.',
    required: true,
    schema: { type: 'string' },
  },
} as const;

export type HeaderName = keyof typeof HEADER_COMPONENTS;

export function registerHeaderComponents(registry: OpenAPIRegistry): void {
  for (const [name, header] of Object.entries(HEADER_COMPONENTS)) {
    registry.registerComponent('headers', name, { ...header, schema: { ...header.schema } });
  }
}

export const headerRef = (name: HeaderName) => ({ $ref: `#/components/headers/${name}` });

/** A Cache-Control header with the value this response carries. */
export const cacheControl = (value: string, why: string) => ({
  description: `\`${value}\`: ${why}`,
  required: true,
  schema: { type: 'string' as const, const: value },
});
