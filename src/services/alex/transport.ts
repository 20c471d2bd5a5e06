import http from 'node:http';
import https from 'node:https';

/** What one attempt's socket did: the facts that decide whether a POST may be sent again. */
export interface ConnectionProbe {
  /** The TCP connection was established (or a kept-alive one reused): ALEX may have the request. */
  connected: boolean;
  /** The whole request, body included, was handed to the operating system. */
  bodySent: boolean;
}

/** One HTTP request as the client sends it: the URL already carries the encoded query. */
export interface ExchangeRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Aborts the exchange (the attempt's own timer). */
  signal: AbortSignal;
}

/** Any HTTP answer, whatever its status; header names are lower case. */
export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP exchange with ALEX, reporting on `probe` what its socket did. Rejects with an error
 * carrying a socket `code` (ECONNREFUSED, ECONNRESET, ...) when there is no whole answer, or
 * with ResponseTooLarge. Tests pass a scripted one; the default is `createHttpExchange`.
 */
export type HttpExchange = (request: ExchangeRequest, probe: ConnectionProbe) => Promise<ExchangeResponse>;

/** Keep-alive agents: a new TLS handshake per call would add ~100 ms to every ALEX round trip. */
export function createAgents(): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const options = { keepAlive: true, maxSockets: 64, maxFreeSockets: 16, scheduling: 'lifo' as const };
  return { httpAgent: new http.Agent(options), httpsAgent: new https.Agent(options) };
}
