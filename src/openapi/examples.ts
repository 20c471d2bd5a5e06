import type { z } from 'zod';
import type { Config } from '../config';
import { contentPath } from '../controllers/attachments-views';
import type { medtechTestResponse, tokenInfoResponse } from '../schemas/medtech';
import type {
  mobileInitiateBody,
  mobileInitiateResponse,
  phoneSessionResponse,
  sessionViewResponse,
  sessionFileView,
} from '../schemas/mobile';
import type { readyResponse } from '../schemas/health';
import {
  ACCEPTED_UPLOAD_TYPES,
  MAX_FILES_PER_REQUEST,
  MAX_TOTAL_BYTES_PER_ENCOUNTER,
} from '../schemas/limits';

/**
 * Example bodies for the OpenAPI document, following GATEWAY-API.md. Typed with the schemas'
 * inferred types, and checked against the schemas themselves by the OpenAPI tests, so an example
 * cannot show a field the gateway does not send. Ids are GATEWAY-API.md's or made up, and the
 * patient is the UAT test patient (ZZZ0016).
 */

export const EXAMPLE_CORRELATION_ID = '4f0c2a8e-9b1d-4c6e-8f3a-2d5b7c9e1a04';
export const FACILITY_ID = 'F2N060-E';
export const PATIENT_ID = '14e52e16edb7a435bfa05e307afd008b';
export const ENCOUNTER_ID = 'enc-1';
export const PRACTITIONER_ID = 'prac-7f3c1a';
export const SESSION_ID = '0b8e3f52-6c1d-4a7e-9f20-5d3c8b1a6e47';
export const FILE_ID = 'c5d1e7a2-3b4f-4c8d-a9e6-1f2b3c4d5e6f';
export const SECOND_FILE_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
export const EXPIRES_AT = '2026-03-02T21:10:00.000Z';
export const SHA256 = '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f';

export const tokenInfoExample: z.infer<typeof tokenInfoResponse> = {
  cached: true,
  expiresAt: '2026-03-02T22:00:00.000Z',
  expiresInSeconds: 3100,
  refreshesAt: '2026-03-02T21:55:00.000Z',
  tokenRequests: 3,
  lastError: null,
  mode: 'live',
};

export const connectivityExample: z.infer<typeof medtechTestResponse> = {
  ok: true,
  correlationId: EXAMPLE_CORRELATION_ID,
  durationMs: 840,
  facilityId: FACILITY_ID,
  patientFound: true,
  patientId: PATIENT_ID,
  alexStatus: 200,
};

export const readyExamples: Record<'ok' | 'degraded', z.infer<typeof readyResponse>> = {
  ok: {
    status: 'ok',
    checks: {
      token: { ok: true, expiresInSeconds: 3000 },
      store: { ok: true },
      alex: { ok: true, latencyMs: 120 },
    },
  },
  degraded: {
    status: 'degraded',
    checks: {
      token: { ok: true, expiresInSeconds: 3000 },
      store: { ok: true },
      alex: { ok: false, latencyMs: 4000 },
    },
  },
};

export const mobileInitiateRequestExample: z.input<typeof mobileInitiateBody> = {
  encounterId: ENCOUNTER_ID,
  patientId: PATIENT_ID,
  facilityId: FACILITY_ID,
  patientDisplay: { name: 'Test Patient', nhi: 'ZZZ0016' },
};

export function mobileInitiateExample(config: Readonly<Config>): z.infer<typeof mobileInitiateResponse> {
  const url = new URL(config.mobile.uploadBaseUrl);
  url.searchParams.set('t', 'eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiIwYjhlIn0.c2lnbmF0dXJl');
  return {
    sessionId: SESSION_ID,
    mobileUploadUrl: url.toString(),
    qrSvg: 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=',
    expiresAt: EXPIRES_AT,
    ttlSeconds: config.mobile.sessionTtlSeconds,
    ...eventsTokenExample(config),
  };
}

/** `{eventsUrl, eventsExpiresAt}` as initiate and events-token return them. */
export function eventsTokenExample(config: Readonly<Config>) {
  return {
    eventsUrl: `${config.publicUrl}/api/integrations/medtech/mobile/sessions/${SESSION_ID}/events?dt=Q2xpbmljUHJvRGVza3RvcFRva2VuRXhhbXBsZTAwMDA`,
    eventsExpiresAt: '2026-12-01T05:00:00.000Z',
  };
}

const readyFile = { fileId: FILE_ID, facilityId: FACILITY_ID };

export const sessionViewExample: z.infer<typeof sessionViewResponse> = {
  sessionId: SESSION_ID,
  state: 'uploading',
  expiresAt: EXPIRES_AT,
  files: [
    {
      fileId: FILE_ID,
      clientRef: 'IMG_0412.HEIC',
      position: 1,
      status: 'ready',
      contentType: 'image/jpeg',
      sizeBytes: 612_334,
      width: 2048,
      height: 1536,
      sha256: SHA256,
      error: null,
      previewUrl: contentPath(readyFile),
      thumbnailUrl: contentPath(readyFile, 'thumbnail'),
      commit: null,
    },
    {
      fileId: SECOND_FILE_ID,
      clientRef: 'IMG_0413.HEIC',
      position: 2,
      status: 'awaiting_upload',
      contentType: null,
      sizeBytes: null,
      width: null,
      height: null,
      sha256: null,
      error: null,
      previewUrl: null,
      thumbnailUrl: null,
      commit: null,
    },
  ],
};

export function phoneSessionExample(config: Readonly<Config>): z.infer<typeof phoneSessionResponse> {
  return {
    sessionId: SESSION_ID,
    state: 'opened',
    expiresAt: EXPIRES_AT,
    patientDisplay: { name: 'Test Patient', nhi: 'ZZZ0016' },
    limits: {
      maxPerRequest: MAX_FILES_PER_REQUEST,
      maxInputBytes: config.images.maxInputBytes,
      maxTotalBytesPerEncounter: MAX_TOTAL_BYTES_PER_ENCOUNTER,
      acceptedTypes: [...ACCEPTED_UPLOAD_TYPES],
    },
  };
}

/** A photo the gateway is delivering by itself: the practice was offline at commit time. */
export const queuedFileViewExample: z.infer<typeof sessionFileView> = {
  ...sessionViewExample.files[0],
  status: 'queued',
  commit: {
    status: 'queued',
    mediaId: null,
    documentReferenceId: null,
    inboxMessageId: null,
    taskId: null,
    reason: 'PRACTICE_OFFLINE',
    nextAttemptAt: '2026-12-01T10:15:30.000Z',
    attempts: 1,
    error: null,
    warnings: [],
  },
};
