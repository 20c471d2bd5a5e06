import { localsOf } from './locals';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithContext } from '../logging/request-context';

export const CORRELATION_HEADER = 'X-Correlation-Id';
// Any UUID in its 8-4-4-4-12 hex form is kept (GATEWAY-API.md), whatever its version and variant
// bits: callers' tracing systems and hand-written ids do not all make RFC 4122 v4 ids. Only hex
// and dashes pass, so nothing can be smuggled into logs or upstream headers.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The nil UUID would tie every such caller's requests together: it is replaced.
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Keeps an inbound X-Correlation-Id only when it is a UUID (anything else could smuggle text
 * into logs and upstream headers), echoes it on the response, and makes it visible to every
 * log line and ALEX call made while serving the request.
 */
export function correlationId(): RequestHandler {
  return (req, res, next) => {
    const inbound = req.get(CORRELATION_HEADER);
    const kept = inbound && UUID.test(inbound) ? inbound.toLowerCase() : undefined;
    const id = kept && kept !== NIL_UUID ? kept : randomUUID();
    localsOf(res).correlationId = id;
    res.setHeader(CORRELATION_HEADER, id);
    runWithContext({ correlationId: id }, next);
  };
}
