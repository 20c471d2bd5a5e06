import { AlexNetworkError, AlexResponseTooLargeError, AlexTimeoutError, CONNECT_TIMEOUT } from './errors';
import type { ConnectionProbe, HttpExchange } from './transport';

export { MAX_RESPONSE_BYTES } from './http-exchange';

/** Failures that happen before any byte can reach ALEX. */
const NEVER_REACHED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

export interface AttemptInput {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export type AttemptOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string; durationMs: number }
  | {
      kind: 'failure';
      error: AlexTimeoutError | AlexNetworkError | AlexResponseTooLargeError;
      durationMs: number;
    };

/**
 * One HTTP exchange with ALEX. Every status comes back as a response; only transport failures
 * are returned as errors, classified by what the socket did. The timeout is our own timer over
 * the whole exchange (a socket idle timer would never trip on a slow trickle).
 */
export async function sendAttempt(
  exchange: HttpExchange,
  input: AttemptInput,
  clock: () => number,
): Promise<AttemptOutcome> {
  const probe: ConnectionProbe = { connected: false, bodySent: false };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, input.timeoutMs);
  const started = clock();
  try {
    const response = await exchange(
      {
        url: input.url,
        method: input.method,
        headers: input.headers,
        body: input.body,
        signal: controller.signal,
      },
      probe,
    );
    return { kind: 'response', ...response, durationMs: clock() - started };
  } catch (thrown) {
    return {
      kind: 'failure',
      error: classify(thrown, probe, timedOut, input.timeoutMs),
      durationMs: clock() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}

function classify(thrown: unknown, probe: ConnectionProbe, timedOut: boolean, timeoutMs: number) {
  if (timedOut) {
    return probe.connected
      ? new AlexTimeoutError(probe.bodySent, timeoutMs)
      : new AlexNetworkError(CONNECT_TIMEOUT, false);
  }
  if (thrown instanceof AlexResponseTooLargeError) return thrown;
  // Only socket failures carry a string code; anything else is a bug and propagates. (Not
  // `instanceof Error`: node's own errors come from another realm under some test runners.)
  const code =
    typeof thrown === 'object' && thrown !== null ? (thrown as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') throw thrown;
  return new AlexNetworkError(code, probe.connected || !NEVER_REACHED.has(code));
}
