import { localsOf } from '../middleware/locals';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { parseRequest } from '../middleware/validate';
import { authOf } from '../middleware/mobile-auth';
import {
  apiKeyUploadInitiateBody,
  contentQuery,
  fileIdParams,
  mobileUploadInitiateBody,
  type uploadInitiateResponse,
  type uploadResponse,
} from '../schemas/attachments';
import type { StagingService } from '../services/staging';
import type { StagingCaller, UploadContext } from '../services/staging';
import { uploadUrl } from './attachments-views';
import type { UploadAdmission } from './upload-admission';

/** The staging caller for this request: the phone's session, or an API key and its facility. */
export function stagingCaller(res: Response): StagingCaller {
  const auth = authOf(res);
  if (auth.kind === 'mobile') return { kind: 'mobile', sessionId: auth.session.sessionId };
  // A desktop token reads its session's files exactly as that session's phone may.
  if (auth.kind === 'desktop') return { kind: 'mobile', sessionId: auth.session.sessionId };
  return { kind: 'apiKey', facilityId: localsOf(res).facilityId };
}

/** Declare, upload, read back and delete staged photos. */
export function attachmentUploadsController({ staging }: { staging: StagingService }) {
  return {
    async initiate(req: Request, res: Response) {
      const auth = authOf(res);
      let context: UploadContext;
      let files;
      if (auth.kind === 'mobile') {
        ({ files } = parseRequest(mobileUploadInitiateBody, req));
        const { facilityId, patientId, encounterId, sessionId, expiresAt } = auth.session;
        context = { facilityId, patientId, encounterId, sessionId, expiresAt };
      } else {
        const body = parseRequest(apiKeyUploadInitiateBody, req);
        files = body.files;
        context = { facilityId: body.facilityId, patientId: body.patientId, encounterId: body.encounterId };
      }
      const declared = await staging.declare(context, files);
      const view: z.infer<typeof uploadInitiateResponse> = {
        uploadSessionId: declared.uploadSessionId,
        files: declared.files.map((file) => ({
          ...file,
          uploadUrl: uploadUrl(file.fileId),
          method: 'POST',
          fieldName: 'file',
        })),
      };
      res.status(201).json(view);
    },

    /** Runs behind admitUpload, which claimed the file and reserved its bytes before the body was read. */
    async upload(req: Request, res: Response) {
      const { fileId } = parseRequest(fileIdParams, req, 'params');
      const admission = res.locals.uploadAdmission as UploadAdmission | undefined;
      // The bytes stay reserved while the pipeline holds them, even if the client has gone.
      const letGo = admission?.lease.hold();
      if (admission) admission.handedOver = true;
      let file;
      try {
        // singleFileUpload guarantees req.file.
        file = await staging.upload(fileId, stagingCaller(res), req.file!.buffer, admission?.claim);
      } finally {
        letGo?.();
      }
      const view: z.infer<typeof uploadResponse> = {
        fileId: file.fileId,
        status: 'ready',
        contentType: 'image/jpeg',
        sizeBytes: file.sizeBytes,
        width: file.width,
        height: file.height,
        sha256: file.sha256,
        originalBytes: file.originalBytes,
        originalType: file.originalType,
      };
      res.json(view);
    },

    async content(req: Request, res: Response) {
      const { fileId } = parseRequest(fileIdParams, req, 'params');
      const { variant } = parseRequest(contentQuery, req, 'query');
      const bytes = await staging.readContent(fileId, stagingCaller(res), variant);
      res.setHeader('Cache-Control', 'private, no-store');
      res.type('image/jpeg').send(bytes);
    },

    async remove(req: Request, res: Response) {
      const { fileId } = parseRequest(fileIdParams, req, 'params');
      await staging.remove(fileId, stagingCaller(res));
      res.status(204).end();
    },
  };
}
