import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithContext } from '../logging/request-context';

export const CORRELATION_HEADER = 'X-Correlation-Id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * Keeps an inbound X-Correlation-Id only when it is a UUID (anything else could smuggle text
 * into logs and upstream headers), echoes it on the response, and makes it visible to every
 * log line and ALEX call made while serving the request.
 */
export function correlationId(): RequestHandler {
  return (req, res, next) => {
    const inbound = req.get(CORRELATION_HEADER);
    const id = inbound && UUID.test(inbound) ? inbound.toLowerCase() : randomUUID();
    res.locals.correlationId = id;
    res.setHeader(CORRELATION_HEADER, id);
    runWithContext({ correlationId: id }, next);
  };
}
