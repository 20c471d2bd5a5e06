import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import { apiKeyBucket, keyBucket } from './api-key-auth';

export interface RateLimitOptions {
  perMinute: number;
  /** Key by API key when present (many clinicians share one frontend IP), else by client IP. */
  byApiKey: boolean;
  /**
   * The configured API keys. When given, only a presented key that is one of them gets its own
   * bucket; any other bearer value counts against the client address, so a caller cannot buy
   * a fresh budget by inventing a new key for every request.
   */
  apiKeys?: readonly string[];
  name: string;
}

/**
 * express-rate-limit with the gateway's envelope: a 429 `RATE_LIMITED` with `Retry-After`.
 * The client IP comes from Express's `trust proxy` setting, so nginx's X-Forwarded-For counts.
 */
export function rateLimiter(options: RateLimitOptions): RequestHandler {
  const known = options.apiKeys ? new Set(options.apiKeys.map(keyBucket)) : undefined;
  return rateLimit({
    windowMs: 60_000,
    limit: options.perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    identifier: options.name,
    keyGenerator: (req) => {
      const bucket = options.byApiKey ? apiKeyBucket(req) : undefined;
      const trusted = bucket !== undefined && (known === undefined || known.has(bucket));
      return trusted ? bucket : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
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
