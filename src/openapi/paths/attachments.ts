import { z } from 'zod';
import type { Config } from '../../config';
import { contentQuery, fileIdParams } from '../../schemas/attachments';
import { facilityId } from '../../schemas/common';
import { ACCEPTED_UPLOAD_TYPES, THUMBNAIL_EDGE_PX } from '../../services/attachments/limits';
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
import { cacheControl } from '../headers';
import { API_KEY_ERRORS, FACILITY_ERRORS, JSON_BODY_ERRORS, PHONE_ERRORS } from './common';
import { ALEX_ERRORS } from './medtech';

const BASE = '/api/integrations/medtech/attachments';
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
      'A second upload to a `ready` file is 409; a `failed` one may be sent again.',
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
      'FILE_TOO_LARGE',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'IMAGE_UNREADABLE',
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
    method: 'delete',
    path: `${BASE}/{fileId}`,
    operationId: 'deleteFile',
    tag: 'Upload',
    summary: 'Delete a staged photo at once',
    description: 'The staged bytes are gone at once. A committed photo cannot be deleted (409).',
    credentials: [...PHONE_OR_KEY],
    params: fileIdParams,
    query: contentQueryDoc.pick({ facilityId: true }),
    responses: { 204: { description: 'Deleted.' } },
    errors: [...credentialErrors, ...FACILITY_ERRORS, 'FILE_NOT_FOUND', 'FILE_ALREADY_COMMITTED'],
  });

  doc.add({
    method: 'post',
    path: `${BASE}/commit`,
    operationId: 'commitFiles',
    tag: 'Commit',
    summary: 'Save staged photos to Medtech (Media, then optional inbox message and task)',
    description: [
      '200 when every file committed, 207 when some did not; same body. Each file is committed on its own:',
      '',
      '- **Never a duplicate.** A committed file is answered from the stored result with `replayed: true` and no ALEX call; ' +
        'two commits of the same file at once: one wins, the other gets `COMMIT_IN_PROGRESS` for that file.',
      '- A file whose Media was created but whose inbox message or task failed is `committed` with a warning; a retry creates only what is missing.',
      '- Per-file `error.code` can be any of: ' +
        [...ALEX_ERRORS, 'COMMIT_IN_PROGRESS', 'FILE_NOT_FOUND', 'INTERNAL']
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
      207: {
        description: 'Some files were not committed; see each `status` and `error`.',
        schema: C.CommitResponse,
        examples: { someFailed: { value: commitExamples.someFailed } },
      },
    },
    errors: [...API_KEY_ERRORS, ...JSON_BODY_ERRORS, ...FACILITY_ERRORS, 'FILE_NOT_FOUND'],
  });
}
