import { buildOpenApiDocument } from '../../../src/openapi';
import { ERROR_CATALOGUE, type ErrorCode } from '../../../src/errors';
import { testConfig, TEST_API_KEY, TEST_MOBILE_SECRET } from '../../helpers/test-config';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operations(document: Json): Array<{ key: string; op: Json }> {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op: op as Json })),
  );
}

/** Follows a local `$ref` once (`#/components/...`). */
function deref(document: Json, value: Json): Json {
  if (typeof value.$ref !== 'string') return value;
  return value.$ref
    .slice(2)
    .split('/')
    .reduce((node: Json, part: string) => node[part], document);
}

/** The `code` enum an error response allows (allOf [ErrorEnvelope, {error.code enum}]), or undefined. */
function allowedCodes(schema: Json): string[] | undefined {
  const branches: Json[] = schema.anyOf ?? [schema];
  for (const branch of branches) {
    const narrowing = (branch.allOf as Json[] | undefined)?.find((part) => part.properties?.error);
    if (narrowing) return narrowing.properties.error.properties.code.enum;
  }
  return undefined;
}

describe('buildOpenApiDocument', () => {
  const config = testConfig();
  const document = buildOpenApiDocument(config) as Json;

  it('when built, then it is an OpenAPI 3.1 document with the API key and phone token schemes', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.components.securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      mobileToken: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-mobile-token' }),
      mobileTokenQuery: expect.objectContaining({ type: 'apiKey', in: 'query', name: 't' }),
      desktopToken: expect.objectContaining({ type: 'apiKey', in: 'query', name: 'dt' }),
    });
  });

  it('when built twice, then both documents are the same (nothing depends on time or order)', () => {
    expect(buildOpenApiDocument(config)).toEqual(document);
  });

  it('when an operation is under /api (or is /metrics), then it requires a credential; health and docs need none', () => {
    for (const { key, op } of operations(document)) {
      expect({ key, security: Array.isArray(op.security) }).toEqual({ key, security: true });
      const schemes = (op.security as Json[]).flatMap((requirement) => Object.keys(requirement));
      if (key.includes(' /api/') || key === 'GET /metrics')
        expect({ key, schemes }).toEqual({ key, schemes: expect.arrayContaining([expect.any(String)]) });
      else expect({ key, schemes }).toEqual({ key, schemes: [] });
    }
  });

  it('when the phone may call an operation, then exactly the six phone operations accept x-mobile-token', () => {
    const phone = operations(document)
      .filter(({ op }) => (op.security as Json[]).some((requirement) => 'mobileToken' in requirement))
      .map(({ key }) => key)
      .sort();
    expect(phone).toEqual([
      'DELETE /api/integrations/medtech/attachments/{fileId}',
      'GET /api/integrations/medtech/attachments/{fileId}/content',
      'GET /api/integrations/medtech/mobile/session',
      'GET /api/integrations/medtech/mobile/sessions/{sessionId}/events',
      'POST /api/integrations/medtech/attachments/upload-initiate',
      'POST /api/integrations/medtech/attachments/uploads/{fileId}',
    ]);
  });

  it('when a browser holds only the desktop token, then exactly the stream and the content endpoint accept it', () => {
    const desktop = operations(document)
      .filter(({ op }) => (op.security as Json[]).some((requirement) => 'desktopToken' in requirement))
      .map(({ key }) => key)
      .sort();
    expect(desktop).toEqual([
      'GET /api/integrations/medtech/attachments/{fileId}/content',
      'GET /api/integrations/medtech/mobile/sessions/{sessionId}/events',
    ]);
  });

  it('when any response is described, then it carries X-Correlation-Id, and 429/503 also Retry-After', () => {
    for (const { key, op } of operations(document)) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        const headers = Object.keys((response as Json).headers ?? {});
        expect({ key, status, correlation: headers.includes('X-Correlation-Id') }).toEqual({
          key,
          status,
          correlation: true,
        });
        if (status === '429' || status === '503') {
          expect({ key, status, retryAfter: headers.includes('Retry-After') }).toEqual({
            key,
            status,
            retryAfter: true,
          });
        }
      }
    }
  });

  it('when an error response is described, then its codes are catalogue codes of that very status, each with an example', () => {
    let described = 0;
    for (const { key, op } of operations(document)) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (Number(status) < 400) continue;
        const content = (response as Json).content['application/json'];
        const codes = allowedCodes(content.schema);
        expect({ key, status, codes: Array.isArray(codes) }).toEqual({ key, status, codes: true });
        for (const code of codes!) {
          expect({ key, code, status: ERROR_CATALOGUE[code as ErrorCode]?.status }).toEqual({
            key,
            code,
            status: Number(status),
          });
          expect({ key, code, example: content.examples[code]?.value.error.code }).toEqual({
            key,
            code,
            example: code,
          });
          described += 1;
        }
      }
    }
    expect(described).toBeGreaterThan(50);
  });

  it('when an ALEX-backed operation is described, then every upstream failure code is listed', () => {
    const test = document.paths['/api/medtech/test'].get.responses;
    const codes = ['502', '503', '504'].flatMap(
      (status) => allowedCodes(test[status].content['application/json'].schema) ?? [],
    );
    expect(codes.sort()).toEqual(
      [
        'ALEX_AUTH_FAILED',
        'ALEX_BUSY',
        'ALEX_FORBIDDEN',
        'ALEX_REJECTED',
        'ALEX_TIMEOUT',
        'ALEX_UNAVAILABLE',
        'ALEX_UNREACHABLE',
        'PRACTICE_OFFLINE',
        'SERVICE_UNAVAILABLE',
      ].sort(),
    );
  });

  it('when capabilities is described, then 200 and 304 carry ETag and Cache-Control, and If-None-Match is a header parameter', () => {
    const op = document.paths['/api/integrations/medtech/capabilities'].get;
    for (const status of ['200', '304']) {
      expect(Object.keys(op.responses[status].headers)).toEqual(
        expect.arrayContaining(['ETag', 'Cache-Control']),
      );
      expect(op.responses[status].headers['Cache-Control'].schema.const).toBe('private, max-age=300');
    }
    expect(op.parameters).toEqual([
      expect.objectContaining({ in: 'header', name: 'if-none-match', required: false }),
    ]);
  });

  it('when the upload is described, then it is multipart/form-data with a binary field named file', () => {
    const body = document.paths['/api/integrations/medtech/attachments/uploads/{fileId}'].post.requestBody;
    const schema = deref(document, body.content['multipart/form-data'].schema);
    expect(schema.required).toEqual(['file']);
    expect(schema.properties.file).toEqual(expect.objectContaining({ type: 'string', format: 'binary' }));
  });

  it('when a path has parameters, then each {param} is a required path parameter', () => {
    for (const { key, op } of operations(document)) {
      const names = [...key.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const pathParams = ((op.parameters ?? []) as Json[]).filter((p) => p.in === 'path');
      expect({ key, params: pathParams.map((p) => [p.name, p.required]) }).toEqual({
        key,
        params: names.map((name) => [name, true]),
      });
    }
  });

  it('when docs are disabled, then /docs is not described but /openapi.json still is', () => {
    const production = buildOpenApiDocument(testConfig({ API_DOCS_ENABLED: 'false' })) as Json;
    expect(Object.keys(production.paths)).not.toContain('/docs');
    expect(Object.keys(production.paths)).toContain('/openapi.json');
    expect(Object.keys(document.paths)).toContain('/docs');
  });

  it('when the configuration holds keys, secrets and facility ids, then none of them appears in the document', () => {
    const facility = 'FACILITY-ONLY-IN-CONFIG-9';
    const text = JSON.stringify(buildOpenApiDocument(testConfig({ MEDTECH_FACILITY_IDS: facility })));
    for (const secret of [TEST_API_KEY, TEST_MOBILE_SECRET, facility]) expect(text).not.toContain(secret);
  });
});
