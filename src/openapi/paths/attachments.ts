import { z } from 'zod';
import type { Config } from '../../config';
import { contentQuery, fileIdParams } from '../../schemas/attachments';
import { facilityId } from '../../schemas/common';
import { ACCEPTED_UPLOAD_TYPES, THUMBNAIL_EDGE_PX } from '../../schemas/limits';
import type { DocBuilder } from '../builder';
import { C } from '../components';
import {
  apiKeyUploadInitiateExample,
  commitExamples,
  commitRequestExample,
  phoneUploadInitiateExample,
  uploadExample,
  uploadInitiateExample,
} from '../examples-attachments';
import { queuedFileViewExample } from '../examples';
import { cacheControl } from '../headers';
import { API_KEY_ERRORS, FACILITY_ERRORS, JSON_BODY_ERRORS, PHONE_ERRORS } from './common';
import { ALEX_ERRORS } from './medtech';
import { PUBLIC_BASES } from '../../schemas/url-bases';

const BASE = PUBLIC_BASES.attachments;
const PHONE_OR_KEY = ['mobileToken', 'apiKey'] as const;

/**
 * The multipart form of an upload. multer checks it (one file, field `file`), not zod, so this
 * schema exists for the document only.
 */
const uploadForm = z
  .object({
    file: z
      .string()
      .meta({ format: 'binary', contentMediaType: 'application/octet-stream', description: 'The photo' }),
  })
  .meta({ id: 'UploadForm' });

const contentQueryDoc = contentQuery.extend({
  facilityId: facilityId
    .optional()
    .meta({ description: 'Required with an API key; the phone leaves it out' }),
});

/** Upload, read back, delete and commit staged photos. */
export function describeAttachments(doc: DocBuilder, config: Readonly<Config>): void {
  const credentialErrors = [...API_KEY_ERRORS, ...PHONE_ERRORS];

  doc.add({
    method: 'post',
    path: `${BASE}/upload-initiate`,
    operationId: 'initiateUploads',
    tag: 'Upload',
    summary: 'Declare 1 to 10 photos and get where to send each',
    description:
      'With a phone token, the session gives the facility, patient and encounter; with an API key the body ' +
      'names them. Declared types and sizes are checked here (415 / 413 naming the field); the bytes are ' +
      'checked again when they arrive.',
    credentials: [...PHONE_OR_KEY],
    body: {
      schema: z.union([C.PhoneUploadInitiateRequest, C.ApiKeyUploadInitiateRequest]),
      examples: {
        phone: { summary: 'From the phone (x-mobile-token)', value: phoneUploadInitiateExample },
        apiKey: { summary: 'From the desktop (API key)', value: apiKeyUploadInitiateExample },
      },
    },
    responses: {
      201: {
        description: 'One upload target per declared file.',
        schema: C.UploadInitiateResponse,
        examples: { declared: { value: uploadInitiateExample } },
      },
    },
    errors: [...credentialErrors, ...JSON_BODY_ERRORS, ...FACILITY_ERRORS, 'FILE_TOO_LARGE'],
  });

  doc.add({
    method: 'post',
    path: `${BASE}/uploads/{fileId}`,
    operationId: 'uploadFile',
    tag: 'Upload',
    summary: 'Send the bytes of one declared photo',
    description:
      'Same credential kind as the upload-initiate that declared the file. The photo is processed before ' +
      'the answer: type decided by the bytes, EXIF orientation applied, all metadata removed, sRGB, longest ' +
      `edge at most ${config.images.maxEdgePx} px, baseline JPEG of at most ${config.images.maxOutputBytes} bytes. ` +
      'A second upload to a `ready` file is 409; a `failed` one may be sent again. At most one upload of a file ' +
      'is received at a time (409 UPLOAD_IN_PROGRESS), and the process holds at most UPLOAD_MAX_BUFFERED_BYTES ' +
      'of upload bodies at once (503 GATEWAY_BUSY with Retry-After); both are decided from the headers, before ' +
      'the body is read. Send Content-Length: a body without it reserves the largest size allowed.',
    credentials: [...PHONE_OR_KEY],
    params: fileIdParams,
    body: {
      schema: uploadForm,
      mediaType: 'multipart/form-data',
      description: `One file in the field \`file\`, at most ${config.images.maxInputBytes} bytes.`,
      encoding: { file: { contentType: ACCEPTED_UPLOAD_TYPES.join(', ') } },
    },
    responses: {
      200: {
        description: 'Processed and staged.',
        schema: C.UploadResponse,
        examples: { ready: { value: uploadExample } },
      },
    },
    errors: [
      ...credentialErrors,
      ...FACILITY_ERRORS,
      'FILE_NOT_FOUND',
      'UPLOAD_ALREADY_RECEIVED',
      'UPLOAD_IN_PROGRESS',
      'FILE_TOO_LARGE',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'IMAGE_UNREADABLE',
      'GATEWAY_BUSY',
    ],
  });

  doc.add({
    method: 'get',
    path: `${BASE}/{fileId}/content`,
    operationId: 'getFileContent',
    tag: 'Upload',
    summary: 'The processed JPEG, or its thumbnail',
    description: `\`variant=thumbnail\` returns a JPEG of at most ${THUMBNAIL_EDGE_PX} px on its longest edge. 404 until the file is ready.`,
    // `?dt=` (the desktop token of eventsUrl) reads its own session's files, so `<img>` needs no key.
    credentials: [...PHONE_OR_KEY, 'desktopToken'],
    params: fileIdParams,
    query: contentQueryDoc,
    responses: {
      200: {
        description: 'The JPEG.',
        mediaType: 'image/jpeg',
        schema: z.string().meta({ contentMediaType: 'image/jpeg', format: 'binary' }),
        headers: { 'Cache-Control': cacheControl('private, no-store', 'the image is patient data') },
      },
    },
    errors: [
      ...credentialErrors,
      ...FACILITY_ERRORS,
      'FILE_NOT_FOUND',
      'UNSUPPORTED_MEDIA_TYPE',
      'IMAGE_UNREADABLE',
    ],
  });

  doc.add({
    method: 'get',
    path: `${BASE}/{fileId}`,
    operationId: 'getFileView',
    tag: 'Commit',
    summary: "A staged photo's view with its commit state",
    description:
      'The file as the session view lists it, with `commit`: `queued` files are delivered by the gateway itself (show "will be filed automatically", offer no retry); `error` with `resendable: true` (DELIVERY_UNCERTAIN) may be sent again with `"resend": true`.',
    credentials: ['apiKey'],
    params: fileIdParams,
    query: contentQueryDoc.pick({ facilityId: true }),
    responses: {
      200: {
        description: 'The file view.',
        schema: C.FileView,
        examples: { queued: { value: queuedFileViewExample } },
      },
    },
    errors: [...API_KEY_ERRORS, ...FACILITY_ERRORS, 'FILE_NOT_FOUND'],
  });

  doc.add({
    method: 'delete',
    path: `${BASE}/{fileId}`,
    operationId: 'deleteFile',
    tag: 'Upload',
    summary: 'Delete a staged photo at once',
    description:
      'The staged bytes are gone at once. 204 means no write of the file is in flight or unsettled and none will ever start (a queued delivery is cancelled). While a write is in flight or inside its settle window: 409 COMMIT_IN_PROGRESS; committed: 409 FILE_ALREADY_COMMITTED. The phone may delete only files no commit has named.',
    credentials: [...PHONE_OR_KEY],
    params: fileIdParams,
    query: contentQueryDoc.pick({ facilityId: true }),
    responses: { 204: { description: 'Deleted.' } },
    errors: [
      ...credentialErrors,
      ...FACILITY_ERRORS,
      'FILE_NOT_FOUND',
      'FILE_ALREADY_COMMITTED',
      'COMMIT_IN_PROGRESS',
      'STORE_UNAVAILABLE',
    ],
  });

  doc.add({
    method: 'post',
    path: `${BASE}/commit`,
    operationId: 'commitFiles',
    tag: 'Commit',
    summary: 'Save staged photos to Medtech (Media, then optional inbox message and task)',
    description: [
      '200 when every file is committed, 202 when none failed and at least one is `queued`, 207 when any failed; same body. Each file is committed on its own:',
      '',
      '- **Exactly once.** Before a write can reach ALEX its commit record says so (write-ahead) and its delivery job exists; an ambiguous write (timeout, 5xx, dropped connection) is `queued` with `WRITE_UNSETTLED` and is never sent again before `ALEX_WRITE_SETTLE_SECONDS`: the gateway then looks it up and adopts it, or writes it again with the same identifier. What cannot be looked up ends `DELIVERY_UNCERTAIN` (`resendable`): only `"resend": true` on that file sends it again.',
      '- **Background delivery** (`"delivery": "queue"`, the default): retryable failures are `queued` and delivered by the gateway with backoff until `STAGING_TTL_SECONDS` (then `DELIVERY_EXPIRED`). Committing a queued file again answers its state with `replayed: true`.',
      '- The answer comes within `COMMIT_RESPONSE_BUDGET_MS`; writes still running are reported `queued` (`WRITE_IN_PROGRESS`).',
      '- **Never a duplicate.** A committed file is answered from the stored result with `replayed: true` and no ALEX call; ' +
        'two commits of the same file at once: one wins, the other gets `COMMIT_IN_PROGRESS` for that file.',
      '- A file whose Media was created but whose inbox message or task failed is `committed` with a warning; a retry creates only what is missing.',
      '- Per-file `error.code` can be any of: ' +
        [
          ...ALEX_ERRORS,
          'COMMIT_IN_PROGRESS',
          'FILE_NOT_FOUND',
          'STORE_UNAVAILABLE',
          'DELIVERY_UNCERTAIN',
          'DELIVERY_EXPIRED',
          'INTERNAL',
        ]
          .map((c) => `\`${c}\``)
          .join(', ') +
        '.',
      '- After commit the image bytes are deleted from the gateway; the result is kept 24 h for replays.',
      '- Metadata codes must come from the capabilities dictionaries, else 400 naming the field.',
    ].join('\n'),
    credentials: ['apiKey'],
    body: { schema: C.CommitRequest, examples: { twoPhotos: { value: commitRequestExample } } },
    responses: {
      200: {
        description: 'Every file is committed.',
        schema: C.CommitResponse,
        examples: {
          allCommitted: { value: commitExamples.allCommitted },
          replayed: { summary: 'A repeated commit', value: commitExamples.replayed },
        },
      },
      202: {
        description: 'None failed and some are queued: the gateway delivers them itself.',
        schema: C.CommitResponse,
        examples: { someQueued: { value: commitExamples.someQueued } },
      },
      207: {
        description: 'Some files were not committed; see each `status` and `error`.',
        schema: C.CommitResponse,
        examples: { someFailed: { value: commitExamples.someFailed } },
      },
    },
    errors: [...API_KEY_ERRORS, ...JSON_BODY_ERRORS, ...FACILITY_ERRORS, 'FILE_NOT_FOUND'],
  });
}
