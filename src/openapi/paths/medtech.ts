import { medtechTestQuery } from '../../schemas/medtech';
import type { ErrorCode } from '../../errors';
import type { DocBuilder } from '../builder';
import { C } from '../components';
import { connectivityExample, tokenInfoExample } from '../examples';
import { API_KEY_ERRORS } from './common';
import { PUBLIC_BASES } from '../../schemas/url-bases';

/** Every way a call to ALEX can fail, as the caller sees it. */
export const ALEX_ERRORS: ErrorCode[] = [
  'ALEX_REJECTED',
  'ALEX_FORBIDDEN',
  'ALEX_AUTH_FAILED',
  'PRACTICE_OFFLINE',
  'ALEX_BUSY',
  'ALEX_UNAVAILABLE',
  'ALEX_TIMEOUT',
  'ALEX_UNREACHABLE',
];

/** Operations endpoints (API key): the token's state and an end-to-end ALEX check. */
export function describeMedtech(doc: DocBuilder): void {
  doc.add({
    method: 'get',
    path: `${PUBLIC_BASES.medtech}/token-info`,
    operationId: 'getTokenInfo',
    tag: 'Operations',
    summary: "The gateway's ALEX access token: times and counters, never the token",
    credentials: ['apiKey'],
    responses: {
      200: {
        description: 'Token cache state.',
        schema: C.TokenInfo,
        examples: { live: { value: tokenInfoExample } },
      },
    },
    errors: API_KEY_ERRORS,
  });

  doc.add({
    method: 'get',
    path: `${PUBLIC_BASES.medtech}/test`,
    operationId: 'testConnectivity',
    tag: 'Operations',
    summary: 'Prove token and ALEX connectivity for one facility',
    description:
      'Searches a patient by NHI (default MEDTECH_TEST_NHI) or reads one by `patientId`. Returns ids and ' +
      'statuses only, never names or demographics. A patient that is not found is still a successful ' +
      'round trip: 200 with `patientFound: false`. `facilityId` defaults to MEDTECH_FACILITY_ID.',
    credentials: ['apiKey'],
    query: medtechTestQuery,
    responses: {
      200: {
        description: 'ALEX answered.',
        schema: C.ConnectivityTest,
        examples: { found: { value: connectivityExample } },
      },
    },
    errors: [...API_KEY_ERRORS, 'VALIDATION_FAILED', 'FACILITY_NOT_ALLOWED', ...ALEX_ERRORS],
  });
}
