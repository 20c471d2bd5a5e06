import cors from 'cors';
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Helmet with the gateway's choices: HSTS, nosniff, a strict CSP (the phone page ships its
 * script as a file, so no inline script is needed), `frame-ancestors 'none'`.
 */
export function securityHeaders(options: { production: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        // Only behind TLS: on a laptop over plain http it would break the phone page on a LAN address.
        'upgrade-insecure-requests': options.production ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
}

/** API answers hold patient context; nothing in between may keep a copy. */
export function noStore(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

/** CORS only for the configured origins, never `*`; a foreign origin gets no CORS headers. */
export function corsForOrigins(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Correlation-Id', 'X-Mobile-Token', 'If-None-Match'],
    exposedHeaders: ['X-Correlation-Id', 'Retry-After', 'ETag'],
    maxAge: 600,
  });
}
