import type { Config } from '../../config';
import { optionalFacilityQuery } from '../../schemas/common';
import { sessionIdParams } from '../../schemas/mobile';
import type { DocBuilder } from '../builder';
import { C } from '../components';
import {
  mobileInitiateExample,
  mobileInitiateRequestExample,
  phoneSessionExample,
  sessionViewExample,
} from '../examples';
import { API_KEY_ERRORS, FACILITY_ERRORS, JSON_BODY_ERRORS, PHONE_ERRORS } from './common';
import { PUBLIC_BASES } from '../../schemas/url-bases';

const BASE = PUBLIC_BASES.mobile;

/** Phone handoff: the desktop starts and polls a session, the phone opens it. */
export function describeMobile(doc: DocBuilder, config: Readonly<Config>): void {
  doc.add({
    method: 'post',
    path: `${BASE}/initiate`,
    operationId: 'initiateMobileSession',
    tag: 'Phone handoff',
    summary: 'Start a phone session and get its QR code',
    description:
      `The QR code opens \`mobileUploadUrl\` (MOBILE_UPLOAD_BASE_URL with the one-time token in \`t\`). ` +
      `The session lives ${config.mobile.sessionTtlSeconds} s from now, absolutely: uploading does not ` +
      'extend it. A new session for the same encounter **revokes** the older one at once ' +
      '(its token then gets 410 SESSION_REVOKED). `patientDisplay` is shown on the phone only, never logged.',
    credentials: ['apiKey'],
    body: {
      schema: C.MobileInitiateRequest,
      examples: { withPatientDisplay: { value: mobileInitiateRequestExample } },
    },
    responses: {
      201: {
        description: 'Session created.',
        schema: C.MobileInitiateResponse,
        examples: { created: { value: mobileInitiateExample(config) } },
      },
    },
    errors: [...API_KEY_ERRORS, ...JSON_BODY_ERRORS, ...FACILITY_ERRORS],
  });

  doc.add({
    method: 'get',
    path: `${BASE}/sessions/{sessionId}`,
    operationId: 'getMobileSession',
    tag: 'Phone handoff',
    summary: "The desktop's poll: session state and its files",
    description:
      'Each ready file carries `previewUrl` and `thumbnailUrl`, paths of the content endpoint with the ' +
      "facility already in the query. When `facilityId` is given it must be the session's.",
    credentials: ['apiKey'],
    params: sessionIdParams,
    query: optionalFacilityQuery,
    responses: {
      200: {
        description: 'The session as the desktop shows it.',
        schema: C.SessionView,
        examples: { uploading: { value: sessionViewExample } },
      },
    },
    errors: [...API_KEY_ERRORS, ...FACILITY_ERRORS, 'SESSION_NOT_FOUND'],
  });

  doc.add({
    method: 'get',
    path: `${BASE}/session`,
    operationId: 'getPhoneSession',
    tag: 'Phone handoff',
    summary: "The phone page's header: state, expiry, patient display and limits",
    description: 'Phone token only. The first call moves the session from `created` to `opened`.',
    credentials: ['mobileToken'],
    responses: {
      200: {
        description: 'The session as the phone shows it.',
        schema: C.PhoneSession,
        examples: { opened: { value: phoneSessionExample(config) } },
      },
    },
    errors: PHONE_ERRORS,
  });
}
