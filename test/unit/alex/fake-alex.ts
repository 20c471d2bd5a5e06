import {
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type AxiosAdapter,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { TrackedTransport } from '../../../src/services/alex/transport';

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
 * An axios adapter standing in for ALEX in unit tests: no sockets, scripted answers, every
 * request recorded. It plays the socket's part for the client's connection probe.
 */
export function fakeAlex(fallback: Step = { status: 200, body: { resourceType: 'CapabilityStatement' } }) {
  const calls: RecordedCall[] = [];
  const steps: Step[] = [];
  let router: ((call: RecordedCall) => Step | undefined) | undefined;

  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(AxiosHeaders.from(config.headers).toJSON())) {
      headers[name.toLowerCase()] = String(value);
    }
    const call = {
      method: (config.method ?? 'get').toUpperCase(),
      url: config.url ?? '',
      headers,
      body: typeof config.data === 'string' ? config.data : undefined,
    };
    calls.push(call);
    const step = steps.shift() ?? router?.(call) ?? fallback;
    const probe = (config.transport as TrackedTransport | undefined)?.probe;
    if (probe && step.connected !== false) {
      probe.connected = true;
      probe.bodySent = true;
    }
    if (step.hang) await abortOf(config);
    if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
    if (step.error) throw new AxiosError(`fake ${step.error}`, step.error, config);
    const body = step.body;
    return {
      status: step.status ?? 200,
      statusText: '',
      headers: AxiosHeaders.from(step.headers ?? {}),
      data: typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body),
      config,
      request: {},
    };
  };

  return {
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

function abortOf(config: InternalAxiosRequestConfig): Promise<never> {
  return new Promise((_resolve, reject) => {
    const signal = config.signal as AbortSignal | undefined;
    const fail = () => reject(new CanceledError(undefined, undefined, config));
    if (!signal) return;
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
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
