import { z } from 'zod';
import type { Config } from '../../config';
import { createCapabilities } from '../../services/capabilities';
import type { DocBuilder } from '../builder';
import { C } from '../components';
import { cacheControl, headerRef } from '../headers';
import { API_KEY_ERRORS } from './common';
import { PUBLIC_BASES } from '../../schemas/url-bases';

const CACHING = cacheControl(
  'private, max-age=300',
  'the document holds no patient data and changes only on deploy',
);

/** `GET /api/integrations/medtech/capabilities`: dictionaries and limits, cacheable with an ETag. */
export function describeCapabilities(doc: DocBuilder, config: Readonly<Config>): void {
  doc.add({
    method: 'get',
    path: PUBLIC_BASES.capabilities,
    operationId: 'getCapabilities',
    tag: 'Capabilities',
    summary: 'Feature flags, quick-chip dictionaries and upload limits',
    description:
      'The widget builds its chips from these dictionaries; the commit accepts only their codes. ' +
      'Body sites and laterality are SNOMED CT; views and image types are ClinicPro code systems.',
    credentials: ['apiKey'],
    headers: z.object({
      'if-none-match': z
        .string()
        .optional()
        .meta({ description: 'The ETag of a copy the caller holds: 304 when it is still current' }),
    }),
    responses: {
      200: {
        description: 'The capabilities document.',
        schema: C.Capabilities,
        examples: {
          thisGateway: { summary: 'As this gateway serves it', value: createCapabilities(config).body },
        },
        headers: { ETag: headerRef('ETag'), 'Cache-Control': CACHING },
      },
      304: {
        description: 'If-None-Match matched: the held copy is current. No body.',
        headers: { ETag: headerRef('ETag'), 'Cache-Control': CACHING },
      },
    },
    errors: API_KEY_ERRORS,
  });
}
