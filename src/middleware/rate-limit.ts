import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import { apiKeyBucket } from './api-key-auth';

export interface RateLimitOptions {
  perMinute: number;
  /** Key by API key when present (many clinicians share one frontend IP), else by client IP. */
  byApiKey: boolean;
  name: string;
}

/**
 * express-rate-limit with the gateway's envelope: a 429 `RATE_LIMITED` with `Retry-After`.
 * The client IP comes from Express's `trust proxy` setting, so nginx's X-Forwarded-For counts.
 */
export function rateLimiter(options: RateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: options.perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    identifier: options.name,
    keyGenerator: (req) => {
      const keyBucket = options.byApiKey ? apiKeyBucket(req.get('authorization')) : undefined;
      return keyBucket ?? `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    handler: (_req, _res, next, limitOptions) => {
      next(
        new AppError('RATE_LIMITED', {
          retryAfterSeconds: Math.ceil(limitOptions.windowMs / 1000),
        }),
      );
    },
  });
}
