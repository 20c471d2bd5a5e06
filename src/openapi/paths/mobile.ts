import type { Config } from '../../config';
import { z } from 'zod';
import { optionalFacilityQuery } from '../../schemas/common';
import { sessionIdParams } from '../../schemas/mobile';
import type { DocBuilder } from '../builder';
import { C } from '../components';
import {
  eventsTokenExample,
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
  doc.add({
    method: 'get',
    path: `${BASE}/sessions/{sessionId}/events`,
    operationId: 'streamSessionEvents',
    tag: 'Live status',
    summary: "Server-sent events of a session's state and files",
    description:
      '`text/event-stream`. First, on every connection, a `snapshot` event (for the desktop the JSON of ' +
      'GET mobile/sessions/{sessionId}; for the phone its GET mobile/session plus its `files`), then ' +
      "`session` events (`{state, expiresAt}`) and `file` events (one file's whole view) whenever something " +
      'changes, from whichever gateway process changed it; `file-deleted` (`{fileId}`) when a file is gone. ' +
      'Event ids increase per connection; a reconnect (with or without Last-Event-ID) starts with a fresh ' +
      `snapshot. \`retry: 2000\`; a \`: keep-alive\` comment every ${config.events.keepAliveMs / 1000} s. ` +
      'A change may show both in the snapshot and as an event: apply file events by `fileId`. ' +
      'At most 5 streams per session per process (429 TOO_MANY_STREAMS), EVENTS_MAX_STREAMS per process ' +
      '(503). Views sent to a browser (desktop or phone token) carry no `details`. A phone or desktop-token ' +
      "stream ends after the event that says its session was revoked (the phone's also: expired).",
    credentials: ['apiKey', 'desktopToken', 'mobileToken', 'mobileTokenQuery'],
    params: sessionIdParams,
    query: optionalFacilityQuery,
    responses: {
      200: {
        description: 'The event stream (it stays open).',
        mediaType: 'text/event-stream',
        schema: z.string().meta({ contentMediaType: 'text/event-stream' }),
      },
    },
    errors: [
      ...API_KEY_ERRORS,
      ...FACILITY_ERRORS,
      'SESSION_NOT_FOUND',
      'SESSION_EXPIRED',
      'SESSION_REVOKED',
      'TOO_MANY_STREAMS',
      'RATE_LIMITED',
      'SERVICE_UNAVAILABLE',
    ],
  });

  doc.add({
    method: 'post',
    path: `${BASE}/sessions/{sessionId}/events-token`,
    operationId: 'issueEventsToken',
    tag: 'Live status',
    summary: 'A fresh desktop token for the event stream',
    description: `A new \`eventsUrl\` (absolute, from GATEWAY_PUBLIC_URL) whose token works for ${config.events.tokenTtlSeconds} s, or until a newer QR code revokes the session.`,
    credentials: ['apiKey'],
    params: sessionIdParams,
    query: optionalFacilityQuery,
    responses: {
      200: {
        description: 'The fresh link.',
        schema: C.EventsToken,
        examples: { fresh: { value: eventsTokenExample(config) } },
      },
    },
    errors: [...API_KEY_ERRORS, ...FACILITY_ERRORS, 'SESSION_NOT_FOUND', 'SESSION_REVOKED'],
  });
}
