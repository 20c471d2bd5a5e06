import { z } from 'zod';
import { facilityId, fhirId, gatewayId } from './common';
import { MAX_FILES_PER_REQUEST } from './limits';

/** A Coding as the widget sends it; only system and code are trusted (display comes from the dictionary). */
export const codingInput = z
  .object({
    system: z.string().min(1).max(200),
    code: z.string().min(1).max(64),
    display: z.string().max(200).optional(),
  })
  .describe('A Coding from the capabilities dictionaries');

const note = z.string().trim().max(2000);

export const commitFileInput = z
  .object({
    fileId: gatewayId,
    meta: z
      .object({
        title: z.string().trim().min(1).max(200).optional(),
        label: z.string().trim().min(1).max(40).optional(),
        bodySite: codingInput.optional(),
        laterality: codingInput.optional(),
        view: codingInput.optional(),
        type: codingInput.optional(),
      })
      .default({}),
    alsoInbox: z
      .object({ enabled: z.boolean(), recipientId: fhirId.optional(), note: note.optional() })
      .refine((inbox) => !inbox.enabled || inbox.recipientId !== undefined, {
        message: 'recipientId is required when the inbox message is enabled',
        path: ['recipientId'],
      })
      .optional(),
    alsoTask: z
      .object({
        enabled: z.boolean(),
        assigneeId: fhirId.optional(),
        due: z.iso.date().optional(),
        note: note.optional(),
      })
      .refine((task) => !task.enabled || task.assigneeId !== undefined, {
        message: 'assigneeId is required when the task is enabled',
        path: ['assigneeId'],
      })
      .optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .describe('One staged photo to save in Medtech, with its clinical metadata');

export const commitRequest = z
  .object({
    encounterId: fhirId,
    patientId: fhirId,
    facilityId,
    providerId: fhirId.optional(),
    files: z.array(commitFileInput).min(1).max(MAX_FILES_PER_REQUEST),
  })
  .refine((body) => new Set(body.files.map((file) => file.fileId)).size === body.files.length, {
    message: 'each fileId may appear only once',
    path: ['files'],
  });

export type CommitRequest = z.infer<typeof commitRequest>;
export type CommitFileInput = z.infer<typeof commitFileInput>;

const fileError = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });
const warning = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });

export const committedFileResult = z.object({
  fileId: z.string(),
  status: z.literal('committed'),
  mediaId: z.string(),
  documentReferenceId: z.null(),
  inboxMessageId: z.string().nullable(),
  taskId: z.string().nullable(),
  replayed: z.boolean(),
  warnings: z.array(warning),
});

export const failedFileResult = z.object({
  fileId: z.string(),
  status: z.literal('error'),
  error: fileError,
});

export const commitResponse = z.object({
  correlationId: z.string(),
  files: z.array(z.union([committedFileResult, failedFileResult])),
});

export type CommittedFileResult = z.infer<typeof committedFileResult>;
export type FailedFileResult = z.infer<typeof failedFileResult>;
export type FileCommitResult = CommittedFileResult | FailedFileResult;
export type CommitWarning = z.infer<typeof warning>;
