import { Router, type Express } from 'express';
import { createApp } from '../../../../src/app';
import type { Config } from '../../../../src/config';
import { ReadinessRegistry } from '../../../../src/health/readiness';
import type { Logger } from '../../../../src/logging/logger';
import { ShutdownState } from '../../../../src/middleware/shutdown-guard';
import { captureLogs } from '../../../helpers/log-capture';
import { testConfig } from '../../../helpers/test-config';

/** What a test router gets to build its routes with. */
export interface RouteContext {
  config: Readonly<Config>;
  logger: Logger;
}

export interface FoundationApp {
  app: Express;
  config: Readonly<Config>;
  logs: ReturnType<typeof captureLogs>;
  readiness: ReadinessRegistry;
  shutdown: ShutdownState;
}

export interface FoundationAppOptions {
  /** Environment overrides, as strings, on top of testConfig's defaults. */
  env?: Record<string, string | undefined>;
  /** Adds the routes this test needs; they are mounted under /api. */
  routes?: (router: Router, context: RouteContext) => void;
}

/**
 * The foundation app exactly as production builds it (createApp), with a small router that
 * exercises one behaviour, a real logger whose lines are captured, and fresh health state.
 * Every app also has `GET /api/ping` so tests have a plain 200 to compare against.
 */
export function foundationApp(options: FoundationAppOptions = {}): FoundationApp {
  const config = testConfig(options.env ?? {});
  const logs = captureLogs('debug');
  const readiness = new ReadinessRegistry();
  const shutdown = new ShutdownState();
  const router = Router();
  router.get('/ping', (_req, res) => {
    res.json({ ok: true });
  });
  options.routes?.(router, { config, logger: logs.logger });
  const app = createApp({ config, logger: logs.logger, readiness, shutdown, apiRouters: [router] });
  return { app, config, logs, readiness, shutdown };
}

/** Checks the envelope of GATEWAY-API.md and returns its `error` for further assertions. */
export function expectEnvelope(body: unknown, code?: string): Record<string, unknown> {
  expect(body).toEqual({
    error: {
      code: code ?? expect.any(String),
      message: expect.any(String),
      correlationId: expect.stringMatching(UUID_V4),
      retryable: expect.any(Boolean),
      details: expect.any(Array),
    },
  });
  return (body as { error: Record<string, unknown> }).error;
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Waits for `finish` listeners (the access log) that run just after supertest resolves. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
