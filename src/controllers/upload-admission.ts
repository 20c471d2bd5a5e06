import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import type { Logger } from '../logging/logger';
import { parseRequest } from '../middleware/validate';
import { fileIdParams } from '../schemas/attachments';
import type { StagingService, UploadBudget, UploadClaim, UploadLease } from '../services/staging';
import { MULTIPART_SLACK_BYTES } from './attachments-multipart';
import { stagingCaller } from './attachments-uploads';

/** Seconds a phone is asked to wait when the budget is full: about one photo's processing time. */
export const GATEWAY_BUSY_RETRY_AFTER_SECONDS = 5;

/** What the admission hands the upload controller: the file's claim and the budget's lease. */
export interface UploadAdmission {
  claim: UploadClaim;
  lease: UploadLease;
  /** Set once the body has arrived and the claim has passed to the pipeline. */
  handedOver: boolean;
}

/** Where the admission is left for the upload controller (`res.locals.uploadAdmission`). */
export const ADMISSION_LOCALS_KEY = 'uploadAdmission';

/**
 * What to reserve for a body: its Content-Length, or, without one (chunked), the most it may
 * carry. refuseOversizedBody has already refused a declared length over the limit.
 */
export function reservationFor(contentLength: string | undefined, maxInputBytes: number): number {
  const declared = Number(contentLength);
  return contentLength !== undefined && Number.isSafeInteger(declared) && declared > 0
    ? declared
    : maxInputBytes + MULTIPART_SLACK_BYTES;
}

/**
 * Decides from the headers alone, before multer reads a byte: the file must be claimable
 * (404, 409 UPLOAD_ALREADY_RECEIVED, 409 UPLOAD_IN_PROGRESS) and its bytes must fit in the
 * process's upload budget (503 GATEWAY_BUSY with Retry-After). Refusals close the connection so
 * the client stops sending. The reservation is returned when the response closes (finished,
 * aborted or failed) and the pipeline has let go of the bytes; a claim whose body never reached
 * the pipeline is given back, so the file can be uploaded again.
 */
export function admitUpload(deps: {
  staging: Pick<StagingService, 'beginUpload' | 'abandonUpload'>;
  budget: UploadBudget;
  maxInputBytes: number;
  logger?: Logger;
}): RequestHandler {
  const { staging, budget, maxInputBytes, logger } = deps;
  return async (req, res, next) => {
    const { fileId } = parseRequest(fileIdParams, req, 'params');
    let claim: UploadClaim;
    try {
      claim = await staging.beginUpload(fileId, stagingCaller(res));
    } catch (error) {
      res.setHeader('Connection', 'close');
      throw error;
    }
    const lease = budget.tryReserve(reservationFor(req.get('content-length'), maxInputBytes));
    if (!lease) {
      await staging.abandonUpload(claim);
      res.setHeader('Connection', 'close');
      throw new AppError('GATEWAY_BUSY', { retryAfterSeconds: GATEWAY_BUSY_RETRY_AFTER_SECONDS });
    }
    const admission: UploadAdmission = { claim, lease, handedOver: false };
    res.locals[ADMISSION_LOCALS_KEY] = admission;
    res.once('close', () => {
      lease.release();
      if (!admission.handedOver) {
        staging.abandonUpload(claim).catch((error: unknown) => {
          // The claim goes stale on its own (STALE_PROCESSING_MS); the phone can retry after that.
          logger?.warn('could not give back an abandoned upload claim', { error: String(error) });
        });
      }
    });
    next();
  };
}
