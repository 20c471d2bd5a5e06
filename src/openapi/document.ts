import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Config } from '../config';
import { createDocBuilder, type ExampleSample } from './builder';
import { allowNullInNullableEnums } from './nullable-enums';
import { packageVersion } from './package-version';
import { describeAttachments } from './paths/attachments';
import { describeCapabilities } from './paths/capabilities';
import { describeDocs } from './paths/docs';
import { describeHealth } from './paths/health';
import { describeLaunch } from './paths/launch';
import { describeMedtech } from './paths/medtech';
import { describeMobile } from './paths/mobile';
import { describeObservability } from './paths/observability';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const DESCRIPTION = `
The ClinicPro Integration Gateway sits between ClinicPro (its server side, and the clinician's phone)
and Medtech ALEX. This description is the contract: its paths, status codes and JSON fields are what
the gateway answers, and the tests check every response against it.

- **API key** (\`Authorization: Bearer <key>\`): the ClinicPro frontend's server side, smoke tests, on-call. Everything under \`/api/\`.
- **Phone token** (\`x-mobile-token\`): the phone, after scanning the QR code; its own session only.
- Every response carries \`X-Correlation-Id\`; every error has the same envelope (\`ErrorEnvelope\`).

The HTML pages the gateway also serves (\`/mobile\`, the phone page the QR code opens, and \`/demo\`
outside production) are user interfaces, not API, and are not described here.
`.trim();

/** The document and every example in it with the schema it must satisfy. */
export interface GatewayDescription {
  document: OpenApiDocument;
  samples: ExampleSample[];
}

/** Builds the description and keeps its examples for the tests. */
export function describeGateway(config: Readonly<Config>): GatewayDescription {
  const doc = createDocBuilder();
  describeHealth(doc);
  describeMedtech(doc);
  describeCapabilities(doc, config);
  describeMobile(doc, config);
  describeAttachments(doc, config);
  describeLaunch(doc, config);
  describeDocs(doc, config);
  describeObservability(doc);
  const document = new OpenApiGeneratorV31(doc.registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'ClinicPro Integration Gateway',
      version: packageVersion(),
      description: DESCRIPTION,
      license: { name: 'Proprietary', identifier: 'LicenseRef-ClinicPro-Proprietary' },
    },
    servers: [{ url: '/', description: 'The gateway that serves this document' }],
    tags: [
      { name: 'Health', description: 'For PM2, nginx and uptime checks. No credentials.' },
      { name: 'Operations', description: 'Token state and ALEX connectivity, for smoke tests and on-call.' },
      { name: 'Capabilities', description: 'What the widget may offer: dictionaries and limits.' },
      { name: 'Phone handoff', description: 'QR code sessions that let the phone upload for one encounter.' },
      { name: 'Upload', description: 'Photos staged on the gateway until they are committed.' },
      { name: 'Commit', description: 'Saving staged photos to Medtech.' },
      { name: 'Launch', description: 'Opening the widget from Medtech Evolution on the right patient.' },
      { name: 'Documentation', description: 'This description.' },
      { name: 'Observability', description: 'Metrics for on-call and the audit trail.' },
    ],
  });
  allowNullInNullableEnums(document.paths);
  allowNullInNullableEnums(document.components);
  return { document, samples: doc.samples };
}

/**
 * The OpenAPI 3.1 description of every gateway endpoint, generated from the zod schemas the
 * controllers validate with. Depends on config only for limits in the text and examples, and for
 * whether `/docs` exists. Build it once at start-up.
 */
export function buildOpenApiDocument(config: Readonly<Config>): OpenApiDocument {
  return describeGateway(config).document;
}
