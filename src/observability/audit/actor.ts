import type { RequestHandler } from 'express';
import { currentContext } from '../../logging/request-context';
import { bearerToken } from '../../middleware/api-key-auth';
import type { AuditActor } from '../../schemas/audit';
import { apiKeyId } from './chain';

/**
 * Lets the audit trail ask, when it writes, who the request proved to be. It reads what the
 * auth middlewares left in `res.locals.auth` at that moment, so it needs no change to them; the
 * API key's `keyId` is recomputed from the header only once the key was accepted.
 */
export function auditActorContext(): RequestHandler {
  return (req, res, next) => {
    const context = currentContext();
    if (context) {
      context.auditActor = () => {
        const kind = (res.locals.auth as { kind?: string } | undefined)?.kind;
        if (kind === 'mobile') return { type: 'phone' };
        if (kind === 'desktop') return { type: 'desktop' };
        if (kind !== 'apiKey') return undefined;
        const key = bearerToken(req.get('authorization'));
        return key === undefined ? { type: 'api-key' } : { type: 'api-key', keyId: apiKeyId(key) };
      };
    }
    next();
  };
}

/** The actor of the request being served; `gateway` for work no request asked for (background jobs). */
export function currentActor(): AuditActor {
  return currentContext()?.auditActor?.() ?? { type: 'gateway' };
}
