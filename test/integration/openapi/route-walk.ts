import type { Express } from 'express';

/** One route the app answers: upper-case method and the path in OpenAPI form (`{param}`). */
export interface AppRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  /** router >= 2.3 keeps the path a layer was mounted with. */
  rawPath?: string | string[];
}

const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function mountPath(layer: Layer): string {
  if (layer.rawPath === undefined) {
    // Without it the mount prefix (`/api`) cannot be known; fail loudly rather than guess.
    throw new Error('router layers have no rawPath: the route walk needs router >= 2.3');
  }
  if (Array.isArray(layer.rawPath)) throw new Error('routers mounted on several paths are not supported');
  return layer.rawPath;
}

function walk(stack: Layer[], prefix: string, out: AppRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on)
            out.push({
              method: method === '_all' ? 'ALL' : method.toUpperCase(),
              path: toOpenApi(join(prefix, path)),
            });
        }
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      walk(layer.handle.stack, join(prefix, mountPath(layer)), out);
    }
    // Other layers are middleware (auth, CORS, static files): they add no route of their own.
  }
}

/**
 * Every route an Express 5 app registers, found by walking its router stack. Static file
 * mounts are middleware, not routes, and are not listed.
 */
export function appRoutes(app: Express): AppRoute[] {
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  const out: AppRoute[] = [];
  walk(router.stack, '', out);
  return out;
}
