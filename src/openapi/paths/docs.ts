import { z } from 'zod';
import type { Config } from '../../config';
import type { DocBuilder } from '../builder';
import { ALWAYS } from './common';

/** The description of the API as a schema: what matters to a client is that it is OpenAPI 3.1. */
const openApiDocument = z.looseObject({
  openapi: z.string().startsWith('3.1.'),
  info: z.looseObject({}),
  paths: z.looseObject({}),
});

/** `/openapi.json` always; `/docs` (Swagger UI) only where config.docs.enabled. */
export function describeDocs(doc: DocBuilder, config: Readonly<Config>): void {
  doc.add({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'Documentation',
    summary: 'This description, as OpenAPI 3.1 JSON',
    description:
      'Public: it holds the contract only (paths, shapes, error codes), no configuration, keys or facility ids. ' +
      'Generate clients or mocks from it.',
    credentials: [],
    responses: {
      200: {
        description: 'The OpenAPI document.',
        schema: openApiDocument,
        examples: {
          head: { value: { openapi: '3.1.0', info: { title: 'ClinicPro Integration Gateway' }, paths: {} } },
        },
      },
    },
    errors: ALWAYS,
  });
  if (!config.docs.enabled) return;
  doc.add({
    method: 'get',
    path: '/docs',
    operationId: 'getApiExplorer',
    tag: 'Documentation',
    summary: 'Swagger UI for this description (not in production unless API_DOCS_ENABLED=true)',
    credentials: [],
    responses: {
      200: {
        description: 'The Swagger UI page.',
        mediaType: 'text/html',
        schema: z.string(),
      },
    },
    errors: ALWAYS,
  });
}
