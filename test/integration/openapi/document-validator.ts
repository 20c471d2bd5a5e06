import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pointer = (...parts: string[]) =>
  parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Checks real answers against the OpenAPI document: the status must be documented for that
 * operation, the media type must be one it lists, a JSON body must match the generated schema,
 * and X-Correlation-Id must be there. Returns the problems found (none = conforms).
 */
export function createDocumentValidator(document: object) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document as Json, 'openapi');
  const paths = (document as Json).paths as Json;

  return function check(method: string, path: string, response: Response): string[] {
    const where = `${method.toUpperCase()} ${path} -> ${response.status}`;
    const documented = paths[path]?.[method.toLowerCase()]?.responses?.[String(response.status)];
    if (!documented) return [`${where}: status not documented`];
    const problems: string[] = [];
    if (!response.headers['x-correlation-id']) problems.push(`${where}: no X-Correlation-Id`);
    const mediaType = String(response.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const content = (documented.content ?? {}) as Json;
    if (Object.keys(content).length === 0) {
      if (response.text) problems.push(`${where}: a body where none is documented`);
      return problems;
    }
    if (!(mediaType in content)) return [...problems, `${where}: media type ${mediaType} not documented`];
    if (mediaType === 'application/json') {
      const location = pointer(
        'paths',
        path,
        method.toLowerCase(),
        'responses',
        String(response.status),
        'content',
        mediaType,
        'schema',
      );
      const validate = ajv.getSchema(`openapi#/${location}`) ?? ajv.compile({ $ref: `openapi#/${location}` });
      if (!validate(response.body)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    }
    return problems;
  };
}
