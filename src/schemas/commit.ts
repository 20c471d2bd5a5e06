import { z } from 'zod';
import { facilityId, fhirId, gatewayId } from './common';
import { MAX_FILES_PER_REQUEST } from './limits';
import { DELIVERY_MODES, QUEUE_REASONS, WRITE_TARGETS } from './statuses';

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
    resend: z
      .boolean()
      .optional()
      .describe(
        'Send again only the writes that ended uncertain (DELIVERY_UNCERTAIN, or an *_UNCERTAIN warning), with the same identifiers. Refused for any other file.',
      ),
  })
  .describe('One staged photo to save in Medtech, with its clinical metadata');

export const commitRequest = z
  .object({
    encounterId: fhirId,
    patientId: fhirId,
    facilityId,
    providerId: fhirId.optional(),
    target: z
      .enum(WRITE_TARGETS)
      .optional()
      .describe('Where the photos go: Media, an Inbox Scan document, or both. Default MEDTECH_WRITE_TARGET.'),
    delivery: z
      .enum(DELIVERY_MODES)
      .default('queue')
      .describe(
        'queue (default): retryable failures are delivered by the gateway itself; now: they are errors.',
      ),
    files: z.array(commitFileInput).min(1).max(MAX_FILES_PER_REQUEST),
  })
  .refine((body) => new Set(body.files.map((file) => file.fileId)).size === body.files.length, {
    message: 'each fileId may appear only once',
    path: ['files'],
  });

export type CommitRequest = z.infer<typeof commitRequest>;
export type CommitFileInput = z.infer<typeof commitFileInput>;

const fileError = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  resendable: z.boolean().describe('true only for DELIVERY_UNCERTAIN: commit again with "resend": true'),
});
const warning = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });
const writtenIds = {
  mediaId: z.string().nullable(),
  documentReferenceId: z.string().nullable(),
  inboxMessageId: z.string().nullable(),
  taskId: z.string().nullable(),
};

export const committedFileResult = z.object({
  fileId: z.string(),
  status: z.literal('committed'),
  ...writtenIds,
  replayed: z.boolean(),
  warnings: z.array(warning),
});

export const queuedFileResult = z
  .object({
    fileId: z.string(),
    status: z.literal('queued'),
    reason: z.enum(QUEUE_REASONS),
    nextAttemptAt: z.iso.datetime().nullable(),
    attempts: z.number().int().min(0),
    ...writtenIds,
    replayed: z.boolean(),
  })
  .describe(
    'The gateway will deliver this photo itself: show it as "will be filed automatically", offer no retry',
  );

export const failedFileResult = z.object({
  fileId: z.string(),
  status: z.literal('error'),
  error: fileError,
});

export const fileCommitResult = z.union([committedFileResult, queuedFileResult, failedFileResult]);

export const commitResponse = z.object({
  correlationId: z.string(),
  files: z.array(fileCommitResult),
});

/** The `commit` object of a file view (GET attachments/:fileId, session views). */
export const fileCommitState = z.object({
  status: z.enum(['committed', 'queued', 'error']),
  ...writtenIds,
  reason: z.enum(QUEUE_REASONS).nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  attempts: z.number().int().min(0),
  error: fileError.nullable(),
  warnings: z.array(warning),
});

export type CommittedFileResult = z.infer<typeof committedFileResult>;
export type QueuedFileResult = z.infer<typeof queuedFileResult>;
export type FailedFileResult = z.infer<typeof failedFileResult>;
export type FileCommitResult = z.infer<typeof fileCommitResult>;
export type FileCommitState = z.infer<typeof fileCommitState>;
export type CommitWarning = z.infer<typeof warning>;
