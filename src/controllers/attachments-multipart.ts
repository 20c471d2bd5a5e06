import multer from 'multer';
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { AppError } from '../errors';
import { preallocatedStorage } from './preallocated-storage';

/** Room for the multipart boundaries and part headers around the one file. */
export const MULTIPART_SLACK_BYTES = 64 * 1024;

/**
 * Refuses an upload whose declared Content-Length is already over the limit, before a byte of
 * the body is read; `Connection: close` stops the client sending the rest. (Browsers always
 * send Content-Length with FormData; a chunked body is caught by multer's limit instead.)
 */
export function refuseOversizedBody(maxInputBytes: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > maxInputBytes + MULTIPART_SLACK_BYTES) {
      res.setHeader('Connection', 'close');
      throw new AppError('FILE_TOO_LARGE', {
        details: [{ path: 'file', problem: `must be at most ${maxInputBytes} bytes` }],
      });
    }
    next();
  };
}

/**
 * multer with in-memory storage (one buffer per file, see preallocatedStorage), bounded (behind refuseOversizedBody and admitUpload): one file of at most IMAGE_MAX_INPUT_BYTES in field
 * `file`, a few small fields. busboy streams the body, so a 30 MB upload is cut off at the
 * limit (413 FILE_TOO_LARGE via toAppError) and the rest is drained, never buffered.
 */
export function singleFileUpload(config: Readonly<Pick<Config, 'images'>>): RequestHandler[] {
  const upload = multer({
    storage: preallocatedStorage(config.images.maxInputBytes),
    limits: { fileSize: config.images.maxInputBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
  });
  const requireFile: RequestHandler = (req, _res, next) => {
    if (!req.file) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'Send the photo as multipart/form-data in the field "file".',
        details: [{ path: 'file', problem: 'required' }],
      });
    }
    next();
  };
  const parseFile = upload.single('file');
  // busboy's own parse errors ("Unexpected end of form", "Malformed part header") carry no
  // status; they are the client's broken body, so 400 rather than a 500.
  const parseOrRefuse: RequestHandler = (req, res, next) => {
    parseFile(req, res, (error?: unknown) => {
      if (error === undefined || error === null) next();
      else if (error instanceof multer.MulterError || error instanceof AppError) next(error);
      else
        next(
          new AppError('VALIDATION_FAILED', {
            message: 'The upload was not a well-formed multipart/form-data body. Please try again.',
            details: [{ path: 'file', problem: 'malformed multipart body' }],
            cause: error,
          }),
        );
    });
  };
  return [parseOrRefuse, requireFile];
}
