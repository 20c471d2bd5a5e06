import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describeGateway, type ExampleSample } from '../../../src/openapi';
import { apiKeyUploadInitiateBody, mobileUploadInitiateBody } from '../../../src/schemas/attachments';
import { createCapabilities } from '../../../src/services/capabilities';
import {
  apiKeyUploadInitiateExample,
  phoneUploadInitiateExample,
} from '../../../src/openapi/examples-attachments';
import { testConfig } from '../../helpers/test-config';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = testConfig();
const { document, samples } = describeGateway(config);

const label = (sample: ExampleSample) =>
  `${sample.operationId} ${sample.kind}${sample.status ? ` ${sample.status}` : ''} ${sample.mediaType} "${sample.name}"`;

/** A JSON pointer into the document, for ajv's `$ref`. */
const pointer = (...parts: string[]) =>
  parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function operationPath(operationId: string): [string, string] {
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json))
      if ((op as Json).operationId === operationId) return [path, method];
  }
  throw new Error(`no operation ${operationId}`);
}

describe('OpenAPI examples', () => {
  it('when the document is built, then every operation has an example for each JSON body it documents', () => {
    const withExamples = new Set(
      samples.map((sample) => `${sample.operationId} ${sample.kind} ${sample.status ?? ''}`),
    );
    const expected: string[] = [];
    for (const item of Object.values(document.paths as Json)) {
      for (const op of Object.values(item as Json) as Json[]) {
        for (const [status, response] of Object.entries(op.responses as Json)) {
          if ((response as Json).content?.['application/json'])
            expected.push(`${op.operationId} response ${status}`);
        }
        if (op.requestBody?.content?.['application/json']) expected.push(`${op.operationId} request `);
      }
    }
    expect(expected.filter((key) => !withExamples.has(key))).toEqual([]);
    expect(samples.length).toBeGreaterThan(100);
  });

  it.each(samples.map((sample) => [label(sample), sample] as const))(
    'when the example %s is checked with the zod schema it was generated from, then it passes',
    (_name, sample) => {
      const result = sample.schema.safeParse(sample.value);
      expect(result.success ? [] : result.error.issues).toEqual([]);
    },
  );

  describe('against the generated JSON Schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(document as Json, 'openapi');

    it.each(samples.map((sample) => [label(sample), sample] as const))(
      'when the example %s is checked with ajv, then the document accepts it',
      (_name, sample) => {
        const [path, method] = operationPath(sample.operationId);
        const location =
          sample.kind === 'request'
            ? pointer('paths', path, method, 'requestBody', 'content', sample.mediaType, 'schema')
            : pointer(
                'paths',
                path,
                method,
                'responses',
                String(sample.status),
                'content',
                sample.mediaType,
                'schema',
              );
        const validate = ajv.compile({ $ref: `openapi#/${location}` });
        const valid = validate(sample.value);
        expect(valid ? [] : validate.errors).toEqual([]);
      },
    );

    it('when an example breaks its schema, then ajv refuses it (the check can fail)', () => {
      const location = pointer(
        'paths',
        '/api/integrations/medtech/attachments/commit',
        'post',
        'responses',
        '200',
        'content',
        'application/json',
        'schema',
      );
      const validate = ajv.compile({ $ref: `openapi#/${location}` });
      expect(validate({ correlationId: 'x', files: [{ fileId: 'f', status: 'maybe' }] })).toBe(false);
    });
  });

  it("when the upload-initiate examples are parsed by the controllers' own validators, then each passes for its credential", () => {
    expect(mobileUploadInitiateBody.safeParse(phoneUploadInitiateExample).success).toBe(true);
    expect(apiKeyUploadInitiateBody.safeParse(apiKeyUploadInitiateExample).success).toBe(true);
    // And the phone may not name the context: the API-key body is refused from a phone.
    expect(mobileUploadInitiateBody.safeParse(apiKeyUploadInitiateExample).success).toBe(false);
  });

  it('when the capabilities example is shown, then it is exactly what this gateway serves', () => {
    const example = samples.find(
      (sample) => sample.operationId === 'getCapabilities' && sample.status === 200,
    );
    expect(example?.value).toEqual(createCapabilities(config).body);
  });

  it('when the live configuration is used, then the capabilities document still matches its schema', () => {
    const live = testConfig({
      MEDTECH_CLIENT_ID: 'client',
      MEDTECH_CLIENT_SECRET: 'secret-secret-secret-secret-secret',
      MEDTECH_TENANT_ID: 'tenant',
      MEDTECH_API_SCOPE: 'api://scope/.default',
    });
    const sample = describeGateway(live).samples.find(
      (s) => s.operationId === 'getCapabilities' && s.status === 200,
    )!;
    expect(sample.schema.safeParse(createCapabilities(live).body).success).toBe(true);
    expect((sample.value as Json).provider.environment).toBe('uat');
  });
});
