import type { Request } from 'express';

const captured = new WeakMap<Request, () => string | undefined>();

/**
 * The route template of a request (`/api/.../uploads/:fileId`), never the concrete URL: URLs carry
 * NHIs, file ids and tokens. It is recorded the moment the router sets `req.route`, because reading
 * it at `finish` is not enough: on the way out of a throwing handler the router restores
 * `req.baseUrl`, and the template would lose its mount path (`/boom` instead of `/api/boom`).
 *
 * One accessor per request, whoever asks first installs it (the access log, the metrics): later
 * callers get the same reader. `undefined` when no route matched (404s, refusals before routing).
 */
export function matchedRouteTemplate(req: Request): () => string | undefined {
  const known = captured.get(req);
  if (known) return known;
  let template: string | undefined;
  let route: unknown = req.route;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: unknown) => {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') template = `${req.baseUrl}${path}`;
    },
  });
  const read = () => template;
  captured.set(req, read);
  return read;
}
