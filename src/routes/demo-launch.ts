import express, { Router } from 'express';

/** The fields of the emulator's launch control the demo may set. */
const FORWARDED = ['facilityId', 'patientId', 'providerId'] as const;

/**
 * `POST /demo/launch` (emulator mode, never production): plays Medtech Evolution for /demo by
 * asking the embedded emulator's control API to mint a launch. The browser cannot call the
 * emulator itself: it listens on another port, so the pages' CSP (`connect-src 'self'`) blocks
 * it, and opening CORS on a control API without authentication would let any web page drive
 * it. This same-origin hop keeps both closed and forwards nothing but the three ids.
 */
export function demoLaunchRoute(emulatorUrl: string): Router {
  const router = Router();
  router.post('/demo/launch', express.json({ limit: '4kb' }), async (req, res) => {
    const input = (req.body ?? {}) as Record<string, unknown>;
    const body = Object.fromEntries(
      FORWARDED.filter((name) => name in input).map((name) => [name, input[name]]),
    );
    const minted = await fetch(`${emulatorUrl}/__emulator/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(minted.status)
      .type('application/json')
      .send(await minted.text());
  });
  return router;
}
