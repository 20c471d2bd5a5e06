import {
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type AxiosAdapter,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { ExchangeRequest, HttpExchange } from '../../../src/services/alex/transport';

/** One scripted answer of the fake ALEX. */
export interface Step {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Fail like a socket would, with this error code (ECONNREFUSED, ECONNRESET, ...). */
  error?: string;
  /** Never answer; the client's own timer must abort the attempt. */
  hang?: boolean;
  /** Answer after this many real milliseconds. */
  delayMs?: number;
  /** False: no TCP connection was established (with `hang`: a host that is not allow-listed). */
  connected?: boolean;
}

export interface RecordedCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * A scripted HTTP exchange standing in for ALEX in unit tests: no sockets, scripted answers,
 * every request recorded. It plays the socket's part for the client's connection probe.
 */
export function fakeAlex(fallback: Step = { status: 200, body: { resourceType: 'CapabilityStatement' } }) {
  const calls: RecordedCall[] = [];
  const steps: Step[] = [];
  let router: ((call: RecordedCall) => Step | undefined) | undefined;

  const exchange: HttpExchange = async (request, probe) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    const call = { method: request.method, url: request.url, headers, body: request.body };
    calls.push(call);
    const step = steps.shift() ?? router?.(call) ?? fallback;
    if (step.connected !== false) {
      probe.connected = true;
      probe.bodySent = true;
    }
    if (step.hang) await abortOf(request);
    if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
    if (step.error) throw Object.assign(new Error(`fake ${step.error}`), { code: step.error });
    const body = step.body;
    const answerHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.headers ?? {})) answerHeaders[name.toLowerCase()] = value;
    return {
      status: step.status ?? 200,
      headers: answerHeaders,
      body: typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body),
    };
  };

  /** The same fake for an axios client (the token service still uses axios). */
  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(AxiosHeaders.from(config.headers).toJSON())) {
      headers[name] = String(value);
    }
    const request = {
      url: config.url ?? '',
      method: (config.method ?? 'get').toUpperCase() as ExchangeRequest['method'],
      headers,
      body: typeof config.data === 'string' ? config.data : undefined,
      signal: (config.signal as AbortSignal | undefined) ?? new AbortController().signal,
    };
    try {
      const answer = await exchange(request, { connected: false, bodySent: false });
      return {
        status: answer.status,
        statusText: '',
        headers: AxiosHeaders.from(answer.headers),
        data: answer.body,
        config,
        request: {},
      };
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw new CanceledError(undefined, undefined, config);
      throw new AxiosError((error as Error).message, (error as { code?: string }).code, config);
    }
  };

  return {
    exchange,
    adapter,
    calls,
    /** Answers for the next requests, in order; then the router, then the fallback. */
    next(...more: Step[]) {
      steps.push(...more);
    },
    route(fn: (call: RecordedCall) => Step | undefined) {
      router = fn;
    },
  };
}

function abortOf(request: ExchangeRequest): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
    if (request.signal.aborted) fail();
    else request.signal.addEventListener('abort', fail, { once: true });
  });
}

/** A clock that only moves when the code under test sleeps (or the test says so). */
export function fakeTime(start = Date.UTC(2026, 0, 5, 1, 0, 0)) {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

/** A token service double: hands out tok-1, tok-2, ... and records evictions. */
export function fakeTokens() {
  let current = 1;
  const invalidated: Array<string | undefined> = [];
  return {
    getToken: jest.fn(async () => `tok-${current}`),
    invalidate: jest.fn((token?: string) => {
      invalidated.push(token);
      if (token === `tok-${current}`) current += 1;
    }),
    invalidated,
  };
}
