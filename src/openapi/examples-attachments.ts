import type { z } from 'zod';
import { uploadUrl } from '../controllers/attachments-views';
import type {
  apiKeyUploadInitiateBody,
  uploadInitiateResponse,
  uploadResponse,
} from '../schemas/attachments';
import type { commitRequest, commitResponse } from '../schemas/commit';
import { DICTIONARIES } from '../services/capabilities';
import {
  ENCOUNTER_ID,
  EXAMPLE_CORRELATION_ID,
  EXPIRES_AT,
  FACILITY_ID,
  FILE_ID,
  PATIENT_ID,
  PRACTITIONER_ID,
  SECOND_FILE_ID,
  SESSION_ID,
  SHA256,
} from './examples';

/** Example bodies for upload and commit (GATEWAY-API.md, "Upload" and "Commit"); see examples.ts. */

const [left] = DICTIONARIES.laterality;
const [forearm] = DICTIONARIES.bodySitesCommon.filter((site) => /forearm/i.test(site.display));
const [view] = DICTIONARIES.views;
const [type] = DICTIONARIES.types;

const declaredFiles = [
  { clientRef: 'IMG_0412.HEIC', contentType: 'image/heic', sizeBytes: 3_481_920 },
  { clientRef: 'IMG_0413.HEIC', contentType: 'image/heic', sizeBytes: 2_977_114 },
];

export const phoneUploadInitiateExample = { files: declaredFiles };

export const apiKeyUploadInitiateExample: z.input<typeof apiKeyUploadInitiateBody> = {
  encounterId: ENCOUNTER_ID,
  patientId: PATIENT_ID,
  facilityId: FACILITY_ID,
  files: declaredFiles,
};

export const uploadInitiateExample: z.infer<typeof uploadInitiateResponse> = {
  uploadSessionId: SESSION_ID,
  files: [
    {
      clientRef: 'IMG_0412.HEIC',
      fileId: FILE_ID,
      uploadUrl: uploadUrl(FILE_ID),
      method: 'POST',
      fieldName: 'file',
      expiresAt: EXPIRES_AT,
      position: 1,
    },
    {
      clientRef: 'IMG_0413.HEIC',
      fileId: SECOND_FILE_ID,
      uploadUrl: uploadUrl(SECOND_FILE_ID),
      method: 'POST',
      fieldName: 'file',
      expiresAt: EXPIRES_AT,
      position: 2,
    },
  ],
};

export const uploadExample: z.infer<typeof uploadResponse> = {
  fileId: FILE_ID,
  status: 'ready',
  contentType: 'image/jpeg',
  sizeBytes: 612_334,
  width: 2048,
  height: 1536,
  sha256: SHA256,
  originalBytes: 3_481_920,
  originalType: 'image/heic',
};

export const commitRequestExample: z.input<typeof commitRequest> = {
  encounterId: ENCOUNTER_ID,
  patientId: PATIENT_ID,
  facilityId: FACILITY_ID,
  providerId: PRACTITIONER_ID,
  files: [
    {
      fileId: FILE_ID,
      meta: {
        title: 'Left forearm lesion',
        label: 'A',
        bodySite: forearm ?? DICTIONARIES.bodySitesCommon[0],
        laterality: left,
        view,
        type,
      },
      alsoInbox: { enabled: true, recipientId: PRACTITIONER_ID, note: 'Please review' },
      alsoTask: { enabled: true, assigneeId: PRACTITIONER_ID, due: '2026-12-01', note: 'Follow up' },
      idempotencyKey: `${ENCOUNTER_ID}:sha256:${SHA256}`,
    },
    { fileId: SECOND_FILE_ID, meta: { title: 'Left forearm lesion, close-up', label: 'B' } },
  ],
};

const committed = {
  fileId: FILE_ID,
  status: 'committed' as const,
  mediaId: 'media-5e1f0c',
  documentReferenceId: null,
  inboxMessageId: 'comm-93ab21',
  taskId: 'task-40d7e2',
  replayed: false,
  warnings: [],
};

export const commitExamples: Record<
  'allCommitted' | 'someQueued' | 'someFailed' | 'replayed',
  z.infer<typeof commitResponse>
> = {
  allCommitted: {
    correlationId: EXAMPLE_CORRELATION_ID,
    files: [
      committed,
      { ...committed, fileId: SECOND_FILE_ID, mediaId: 'media-7a2b9d', inboxMessageId: null, taskId: null },
    ],
  },
  someQueued: {
    correlationId: EXAMPLE_CORRELATION_ID,
    files: [
      committed,
      {
        fileId: SECOND_FILE_ID,
        status: 'queued',
        reason: 'PRACTICE_OFFLINE',
        nextAttemptAt: '2026-12-01T10:15:30.000Z',
        attempts: 1,
        mediaId: null,
        documentReferenceId: null,
        inboxMessageId: null,
        taskId: null,
        replayed: false,
      },
    ],
  },
  someFailed: {
    correlationId: EXAMPLE_CORRELATION_ID,
    files: [
      committed,
      {
        fileId: SECOND_FILE_ID,
        status: 'error',
        error: {
          code: 'DELIVERY_UNCERTAIN',
          message:
            'Medtech may or may not have received this photo, and the gateway cannot check. Look in the patient record in Medtech; if it is not there, send it again with "resend".',
          retryable: false,
          resendable: true,
        },
      },
    ],
  },
  replayed: {
    correlationId: EXAMPLE_CORRELATION_ID,
    files: [{ ...committed, replayed: true }],
  },
};
