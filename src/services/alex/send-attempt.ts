import { isAxiosError, type AxiosInstance } from 'axios';
import { AlexNetworkError, AlexResponseTooLargeError, AlexTimeoutError, CONNECT_TIMEOUT } from './errors';
import { TrackedTransport, type ConnectionProbe } from './transport';

/** Responses above this are cut off (QUALITY.md: huge bodies -> 502). */
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

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
 * the whole exchange (axios' `timeout` is a socket idle timer that a slow trickle never trips).
 */
export async function sendAttempt(
  http: AxiosInstance,
  input: AttemptInput,
  clock: () => number,
): Promise<AttemptOutcome> {
  const transport = new TrackedTransport();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, input.timeoutMs);
  const started = clock();
  try {
    const response = await http.request<string>({
      url: input.url,
      method: input.method,
      headers: input.headers,
      data: input.body,
      signal: controller.signal,
      transport,
      proxy: false,
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      maxBodyLength: MAX_RESPONSE_BYTES,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
    return {
      kind: 'response',
      status: response.status,
      headers: flattenHeaders(response.headers),
      body: typeof response.data === 'string' ? response.data : '',
      durationMs: clock() - started,
    };
  } catch (thrown) {
    return {
      kind: 'failure',
      error: classify(thrown, transport.probe, timedOut, input.timeoutMs),
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
  if (!isAxiosError(thrown)) throw thrown;
  if (/maxContentLength/.test(thrown.message)) return new AlexResponseTooLargeError(MAX_RESPONSE_BYTES);
  const code = thrown.code ?? 'UNKNOWN';
  return new AlexNetworkError(code, probe.connected || !NEVER_REACHED.has(code));
}

function flattenHeaders(headers: object): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null)
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}
