import type { Response } from 'express';
import type { Auth } from './mobile-auth';

/**
 * What the gateway's middleware leave in `res.locals`, declared once for every handler
 * (Express's `Locals` interface). Read it through {@link localsOf}: `res.locals` itself is also
 * `Record<string, any>`, which would swallow these types.
 */
declare module 'express-serve-static-core' {
  interface Locals {
    /** Set by correlationId(), the first middleware, for every request (see {@link correlationIdOf}). */
    correlationId?: string;
    /** Set by the API-key or phone-token middleware. */
    auth?: Auth;
    /** The API-key caller's accepted facility, set by requireFacility(). */
    facilityId?: string;
  }
}

/** `res.locals` with its declared types. */
export function localsOf(res: Response): Locals {
  return res.locals;
}

/** The request's correlation id; correlationId() runs first, so a handler always has one. */
export function correlationIdOf(res: Response): string {
  return localsOf(res).correlationId ?? '';
}

type Locals = import('express-serve-static-core').Locals;
