import { randomUUID } from 'node:crypto';
import type { Config } from '../../config';
import type { Logger } from '../../logging/logger';
import { currentCorrelationId } from '../../logging/request-context';
import type { TokenService } from '../oauth';
import { AlexHttpError, AlexTimeoutError } from './errors';
import { parseAlexBody } from './operation-outcome';
import { alexHeaders, alexUrl } from './request-headers';
import { parseRetryAfterMs, toRetryAfterSeconds } from '../../http/retry-after';
import { backoffDelayMs, isRetryable } from './retry-policy';
import { sendAttempt, type AttemptOutcome } from './send-attempt';
import type { HttpExchange } from './transport';
import { isTokenRejection } from './token-rejection';
import type { AlexExchange, AlexRequest, AlexResponse } from './types';

export interface ExecutorDeps {
  config: Readonly<Config>;
  tokens: Pick<TokenService, 'getToken' | 'invalidate'>;
  logger: Logger;
  exchange: HttpExchange;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Told about every HTTP exchange (metrics); must not throw. */
  onExchange?: (exchange: AlexExchange) => void;
}

/** A retry must leave an attempt at least this much time, else it could only time out. */
const MIN_ATTEMPT_MS = 50;

/**
 * One logical ALEX call: attempts, the 401 replay and the retry policy (retry-policy.ts)
 * within one overall deadline. No attempt starts and no backoff sleeps past the deadline, and
 * the last attempt's timeout is clipped to what is left.
 *
 * Why not axios-retry: its delay hook cannot see the overall deadline or clip the next
 * attempt's timeout, it cannot tell a connect timeout (safe to resend a POST) from a response
 * timeout (not safe), and the 401 replay must not count as an attempt. A 60-line loop states
 * the policy more plainly than configuring around those gaps.
 */
export async function executeRequest(
  deps: ExecutorDeps,
  request: AlexRequest,
): Promise<AlexResponse<unknown>> {
  const { config, clock } = deps;
  const started = clock();
  // A write is never abandoned early (GATEWAY-API.md rule 5): each attempt has the write timeout,
  // and the overall budget leaves room for at least one whole attempt.
  const isWrite = request.method === 'POST';
  const attemptTimeoutMs = isWrite ? config.alex.writeTimeoutMs : config.alex.timeoutMs;
  const budgetMs = isWrite ? Math.max(config.alex.deadlineMs, attemptTimeoutMs) : config.alex.deadlineMs;
  const deadline = started + Math.min(budgetMs, request.deadlineMs ?? Infinity);
  const maxAttempts = Math.min(config.alex.maxAttempts, request.maxAttempts ?? Infinity);
  const replayable = request.retryable ?? request.method === 'GET';
  const correlationId = currentCorrelationId() ?? randomUUID();
  const url = alexUrl(config.medtech, request.path, request.query);
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  let token = await deps.tokens.getToken();
  let sends = 0;
  let counted = 0;
  let replayedAfter401 = false;

  for (;;) {
    const budget = deadline - clock();
    if (budget <= 0) throw new AlexTimeoutError(false, budgetMs);
    sends += 1;
    counted += 1;
    const headers = alexHeaders({
      token,
      facilityId: request.facilityId,
      correlationId,
      appId: config.medtech.appId,
      hasBody: body !== undefined,
    });
    const timeoutMs = Math.min(attemptTimeoutMs, budget);
    const outcome = await sendAttempt(
      deps.exchange,
      { url, method: request.method, headers, body, timeoutMs },
      clock,
    );
    logAttempt(deps.logger, request, outcome, sends);
    deps.onExchange?.({
      facilityId: request.facilityId,
      operation: request.routeTemplate,
      status: outcome.kind === 'response' ? String(outcome.status) : failureStatus(outcome.error),
      durationMs: outcome.durationMs,
    });

    if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
      return {
        status: outcome.status,
        data: parseSuccess(outcome.body),
        headers: outcome.headers,
        attempts: sends,
        durationMs: clock() - started,
      };
    }
    if (
      outcome.kind === 'response' &&
      outcome.status === 401 &&
      !replayedAfter401 &&
      isTokenRejection(request, outcome.body)
    ) {
      // An expired or revoked token, not an ALEX fault: one replay with a fresh token, not counted.
      replayedAfter401 = true;
      counted -= 1;
      deps.tokens.invalidate(token);
      token = await deps.tokens.getToken();
      continue;
    }
    const retryAfterMs =
      outcome.kind === 'response' ? parseRetryAfterMs(outcome.headers['retry-after'], clock()) : undefined;
    const error = outcome.kind === 'failure' ? outcome.error : httpError(outcome, request, retryAfterMs);
    const delay =
      counted < maxAttempts && isRetryable(error, replayable)
        ? (retryAfterMs ?? backoffDelayMs(counted, deps.random))
        : undefined;
    if (delay === undefined || clock() + delay + Math.min(MIN_ATTEMPT_MS, attemptTimeoutMs) > deadline) {
      logFailure(deps.logger, request, error, sends);
      throw error;
    }
    await deps.sleep(delay);
  }
}

/** A metric label for an exchange that got no HTTP answer. */
function failureStatus(error: Error): string {
  return error instanceof AlexTimeoutError ? 'timeout' : 'network_error';
}

function httpError(
  outcome: Extract<AttemptOutcome, { kind: 'response' }>,
  request: AlexRequest,
  retryAfterMs: number | undefined,
) {
  return new AlexHttpError({
    status: outcome.status,
    body: parseAlexBody(outcome.body),
    retryAfterSeconds: retryAfterMs === undefined ? undefined : toRetryAfterSeconds(retryAfterMs),
    notFound: request.notFound,
  });
}

function parseSuccess(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** The packet Medtech support asks for (QUALITY.md): no URL, query, body or token. */
function logAttempt(logger: Logger, request: AlexRequest, outcome: AttemptOutcome, attempt: number): void {
  logger.info('alex call', {
    facilityId: request.facilityId,
    method: request.method,
    route: request.routeTemplate,
    status: outcome.kind === 'response' ? outcome.status : null,
    durationMs: outcome.durationMs,
    attempt,
    ...(outcome.kind === 'failure'
      ? { error: outcome.error.name, code: 'code' in outcome.error ? outcome.error.code : undefined }
      : {}),
  });
}

/** ALEX's own words go to the log only (redacted there), never to the caller. */
function logFailure(logger: Logger, request: AlexRequest, error: Error, attempts: number): void {
  logger.warn('alex call failed', {
    facilityId: request.facilityId,
    method: request.method,
    route: request.routeTemplate,
    attempts,
    error: error.name,
    ...(error instanceof AlexHttpError
      ? {
          status: error.status,
          issues: error.issues.map(({ code, severity }) => ({ code, severity })),
          upstreamText: error.upstreamText,
        }
      : {}),
  });
}
