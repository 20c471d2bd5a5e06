import { OpenAPIRegistry, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { ErrorCode } from '../errors';
import { errorEnvelopeFor } from '../schemas/errors';
import { codesByStatus, describeErrors, errorExample } from './error-docs';
import { cacheControl, headerRef, registerHeaderComponents } from './headers';
import { registerSecuritySchemes, type Credential } from './security';

export type { Credential };

export type Examples = Record<string, { summary?: string; value: unknown }>;

export interface BodySpec {
  schema: z.ZodType;
  mediaType?: string;
  description?: string;
  examples?: Examples;
  encoding?: Record<string, { contentType: string }>;
}

export interface ResponseSpec {
  description: string;
  /** Omitted for bodiless answers (204, 304). */
  schema?: z.ZodType;
  mediaType?: string;
  examples?: Examples;
  /** Extra headers besides X-Correlation-Id (and Retry-After on 429/503). */
  headers?: Record<string, object>;
}

export interface OperationSpec {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI form: `{param}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** Any one of these is accepted; empty for public endpoints. */
  credentials: Credential[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: BodySpec;
  responses: Record<number, ResponseSpec>;
  /** Every error code this operation can answer with; grouped into responses by status. */
  errors: ErrorCode[];
}

/** One example in the document and the zod schema it must satisfy (checked by the tests). */
export interface ExampleSample {
  operationId: string;
  kind: 'request' | 'response';
  status?: number;
  mediaType: string;
  name: string;
  schema: z.ZodType;
  value: unknown;
}

const JSON_TYPE = 'application/json';
const WAITING_HELPS = new Set([429, 503]);

/**
 * Collects the gateway's operations into an OpenAPIRegistry. Each operation states its
 * credentials and the codes it can fail with; the builder turns codes into envelope responses
 * (code enum limited to that status's codes, one example per code) and keeps every example
 * with its schema, so the tests can prove the examples are true.
 */
export function createDocBuilder() {
  const registry = new OpenAPIRegistry();
  const samples: ExampleSample[] = [];
  registerHeaderComponents(registry);
  registerSecuritySchemes(registry);

  function record(sample: Omit<ExampleSample, 'name' | 'value'>, examples: Examples | undefined): void {
    for (const [name, example] of Object.entries(examples ?? {}))
      samples.push({ ...sample, name, value: example.value });
  }

  function response(op: OperationSpec, status: number, spec: ResponseSpec): ResponseConfig {
    const mediaType = spec.mediaType ?? JSON_TYPE;
    if (spec.schema)
      record(
        { operationId: op.operationId, kind: 'response', status, mediaType, schema: spec.schema },
        spec.examples,
      );
    return {
      description: spec.description,
      headers: {
        'X-Correlation-Id': headerRef('X-Correlation-Id'),
        ...(WAITING_HELPS.has(status) ? { 'Retry-After': headerRef('Retry-After') } : {}),
        ...(op.path.startsWith('/api/') && status < 300
          ? { 'Cache-Control': cacheControl('no-store', 'API answers hold patient context') }
          : {}),
        ...spec.headers,
      },
      ...(spec.schema ? { content: { [mediaType]: { schema: spec.schema, examples: spec.examples } } } : {}),
    };
  }

  /** The envelope responses for `codes`, merged with a documented body at the same status (503 of /health/ready). */
  function errorSpecs(op: OperationSpec): Record<number, ResponseSpec> {
    const specs: Record<number, ResponseSpec> = {};
    for (const [status, codes] of codesByStatus(op.errors)) {
      const envelope = errorEnvelopeFor(codes);
      const examples = Object.fromEntries(
        codes.map((code) => [code, { summary: code, value: errorExample(code) }]),
      );
      const own = op.responses[status];
      specs[status] = own?.schema
        ? {
            ...own,
            description: `${own.description}\n\n${describeErrors(status, codes)}`,
            schema: z.union([own.schema, envelope]),
            examples: { ...own.examples, ...examples },
          }
        : { description: describeErrors(status, codes), schema: envelope, examples };
    }
    return specs;
  }

  function add(op: OperationSpec): void {
    const specs = { ...op.responses, ...errorSpecs(op) };
    const responses = Object.fromEntries(
      Object.entries(specs).map(([status, spec]) => [status, response(op, Number(status), spec)]),
    );
    const body = op.body;
    if (body) {
      const mediaType = body.mediaType ?? JSON_TYPE;
      record({ operationId: op.operationId, kind: 'request', mediaType, schema: body.schema }, body.examples);
    }
    const route: RouteConfig = {
      method: op.method,
      path: op.path,
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      description: op.description,
      security: op.credentials.map((credential) => ({ [credential]: [] })),
      request: {
        params: op.params,
        query: op.query,
        headers: op.headers,
        body: body && {
          required: true,
          description: body.description,
          content: {
            [body.mediaType ?? JSON_TYPE]: {
              schema: body.schema,
              examples: body.examples,
              encoding: body.encoding,
            },
          },
        },
      },
      responses,
    };
    registry.registerPath(route);
  }

  return { registry, samples, add };
}

export type DocBuilder = ReturnType<typeof createDocBuilder>;
