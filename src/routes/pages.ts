import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';
import type { DemoConfig } from '../demo';
import { demoLaunchRoute } from './demo-launch';

export interface PageRoutesOptions {
  /** In production the demo does not exist (404), only the phone page is served. */
  production: boolean;
  demoConfig?: DemoConfig;
  /** The embedded emulator's URL: /demo then offers "Open as from Medtech Evolution". */
  emulatorUrl?: string;
  /** Where the static pages live; found next to the project root when omitted. */
  publicDir?: string;
}

const PAGE_MARKER = path.join('mobile', 'index.html');

/**
 * Finds the `public/` folder by walking up from `start`, so the same code works from
 * `src/routes` (tsx, ts-jest) and from `dist/routes` or `dist/src/routes` (compiled).
 */
export function findPublicDir(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (let depth = 0; depth < 5; depth += 1) {
    const candidate = path.join(dir, 'public');
    if (fs.existsSync(path.join(candidate, PAGE_MARKER))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`public/${PAGE_MARKER} not found above ${start}`);
}

/** HTML pages may show patient context and carry a token in their URL: never cached, never referred. */
function sendPage(res: Response, file: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.sendFile(file, { cacheControl: false, lastModified: false });
}

/**
 * Assets revalidate on every load (ETag, cheap 304) rather than being cached for minutes, so a
 * deploy never pairs a new page with an old script and breaks its DOM contract.
 */
function assets(dir: string): express.RequestHandler {
  return express.static(dir, {
    index: false,
    redirect: false,
    setHeaders: (res, file) => {
      res.setHeader('Cache-Control', file.endsWith('.html') ? 'no-store' : 'no-cache');
    },
  });
}

/**
 * The phone page at `/mobile` (the QR code opens `/mobile?t=<token>`) and, outside production,
 * the demo at `/demo` with `/demo/config.json`. `/mobile` is answered directly rather than
 * redirected to `/mobile/`, so the token is not bounced through a redirect.
 */
export function pageRoutes(options: PageRoutesOptions): Router {
  const publicDir = options.publicDir ?? findPublicDir();
  const router = Router();

  router.get('/mobile', (_req, res) => sendPage(res, path.join(publicDir, 'mobile', 'index.html')));
  router.use('/mobile', assets(path.join(publicDir, 'mobile')));

  if (!options.production) {
    const demoConfig: DemoConfig = {
      ...(options.demoConfig ?? { facilities: [], patients: [] }),
      ...(options.emulatorUrl ? { emulatorLaunch: true } : {}),
    };
    if (options.emulatorUrl) router.use(demoLaunchRoute(options.emulatorUrl));
    router.get('/demo', (_req, res) => sendPage(res, path.join(publicDir, 'demo', 'index.html')));
    router.get('/demo/config.json', (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json(demoConfig);
    });
    router.use('/demo', assets(path.join(publicDir, 'demo')));
  }
  return router;
}
