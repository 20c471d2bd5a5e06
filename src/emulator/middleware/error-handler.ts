import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../logging/logger';
import { sendFhir } from '../fhir-http';
import { operationOutcome } from '../outcomes';

/** body-parser failures carry the HTTP status they mean; anything else is the emulator's own bug. */
interface HttpishError {
  status?: number;
  type?: string;
}

/** Turns body-parser failures into FHIR answers (400 malformed, 413 too large, 415) and the rest into 500. */
export function errorHandler(logger?: Logger): ErrorRequestHandler {
  return (error: HttpishError, _req, res, _next) => {
    const status =
      typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger?.error('emulator failed', { error });
    const outcome =
      status === 413
        ? operationOutcome(
            'too-costly',
            'The request body is larger than the emulator accepts (2 MB; 16 MB for DocumentReference)',
          )
        : status === 415
          ? operationOutcome('not-supported', 'Unsupported body encoding')
          : status === 400
            ? operationOutcome('structure', 'The body is not valid JSON')
            : operationOutcome('exception', 'Unexpected error in the emulator');
    sendFhir(res, status, outcome);
  };
}
