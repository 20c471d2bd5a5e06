import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';
import type { Config } from '../config';
import { demoLaunchRoute } from './demo-launch';

/** A test patient the demo page offers in its picker (emulator data, never real people). */
export interface DemoPatient {
  facilityId: string;
  patientId: string;
  name: string;
  nhi: string;
}

/** A practitioner id the demo page suggests for provider, inbox recipient and task assignee. */
export interface DemoPractitioner {
  id: string;
  name: string;
}

/**
 * What `GET /demo/config.json` returns. `apiKeyHint` prefills the demo's key field; pass it only
 * in emulator mode with the well-known dev key (see {@link demoConfigFrom}): real keys are never
 * embedded in a page.
 */
export interface DemoConfig {
  apiKeyHint?: string;
  facilities: string[];
  patients: DemoPatient[];
  practitioners?: DemoPractitioner[];
  /** True when `POST /demo/launch` can mint a Medtech Evolution launch (embedded emulator only). */
  emulatorLaunch?: boolean;
}

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

/**
 * The demo's configuration from the gateway's: the dev key is offered only when the gateway runs
 * against the emulator with that key, the one case where the key is public anyway.
 */
export function demoConfigFrom(
  config: Readonly<Config>,
  patients: DemoPatient[],
  practitioners: DemoPractitioner[] = [],
): DemoConfig {
  const offerKey = config.medtech.mode === 'emulator' && config.auth.usingDevApiKey;
  return {
    ...(offerKey ? { apiKeyHint: config.auth.apiKeys[0] } : {}),
    facilities: [...config.medtech.facilityIds],
    patients,
    practitioners,
  };
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
