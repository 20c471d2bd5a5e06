import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError, type ErrorCode } from '../errors';
import type { Logger } from '../logging/logger';
import { CORRELATION_HEADER } from './correlation-id';
import { toEnvelope } from './fhir-error-mapper';

export interface ClientErrorOptions {
  /** HSTS only in production, as helmet is configured for the app (security.ts). */
  production: boolean;
  logger?: Logger;
}

/** Errors that mean the peer is gone: nothing can be answered. */
const PEER_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_DESTROYED']);

const REASON: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** Node's parser codes (llhttp `HPE_*`) that have their own status; every other parse error is a 400. */
function codeFor(nodeCode: string | undefined): ErrorCode {
  if (nodeCode === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE';
  if (nodeCode === 'ERR_HTTP_REQUEST_TIMEOUT') return 'REQUEST_TIMEOUT';
  return 'VALIDATION_FAILED';
}

/** What Node's parser refused, in the words of the envelope's `details` (never the raw bytes). */
function problemFor(nodeCode: string | undefined): string {
  switch (nodeCode) {
    case 'HPE_HEADER_OVERFLOW':
      return 'the request headers are larger than 16 KB';
    case 'HPE_INVALID_METHOD':
      return 'the request line or its method is not valid HTTP';
    case 'HPE_INVALID_VERSION':
      return 'the HTTP version or the end of the request line is not valid';
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_UNEXPECTED_SPACE':
      return 'a header name or value has a character HTTP does not allow';
    case 'HPE_CR_EXPECTED':
    case 'HPE_LF_EXPECTED':
      return 'a line does not end with CRLF';
    case 'HPE_INVALID_CHUNK_SIZE':
      return 'a chunk size of the chunked body is not valid';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'the request did not arrive in time';
    default:
      return 'the request is not valid HTTP/1.1';
  }
}

/** The headers helmet and `noStore()` put on every app response, for answers the app never sees. */
function securityHeaders(production: boolean): string[] {
  return [
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
    'X-Frame-Options: DENY',
    'Cross-Origin-Resource-Policy: same-site',
    'Referrer-Policy: no-referrer',
    ...(production ? ['Strict-Transport-Security: max-age=31536000; includeSubDomains'] : []),
  ];
}

/**
 * Whether a response to the request being parsed has started on this socket: an answer must never
 * be mixed into it. `_httpMessage` is the ServerResponse Node attaches to the socket while it is in
 * flight (internal, but the very check Node's own default answer makes). Bytes written earlier on a
 * keep-alive connection belong to finished responses, so they do not count.
 */
function responseStarted(socket: Duplex): boolean {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  return Boolean(inFlight?.headersSent);
}

/**
 * The whole HTTP/1.1 answer to a request Node's parser refused, in the gateway's error envelope,
 * with a fresh correlation id (the request's own header could not be trusted, or even read).
 */
export function clientErrorResponse(
  nodeCode: string | undefined,
  production: boolean,
): { status: number; correlationId: string; raw: string } {
  const error = new AppError(codeFor(nodeCode), { details: [{ problem: problemFor(nodeCode) }] });
  const correlationId = randomUUID();
  const body = JSON.stringify(toEnvelope(error, correlationId));
  const head = [
    `HTTP/1.1 ${error.status} ${REASON[error.status]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `${CORRELATION_HEADER}: ${correlationId}`,
    ...securityHeaders(production),
    'Connection: close',
  ];
  return { status: error.status, correlationId, raw: `${head.join('\r\n')}\r\n\r\n${body}` };
}

/**
 * Node's `clientError` listener: answers what its HTTP parser refuses (headers over 16 KB, a bad
 * request line, method or version, a space before a colon, a bare LF, an invalid header character,
 * a bad chunk size, a request timeout) with the error envelope instead of Node's empty 400/431/408,
 * then closes the connection. A socket the peer already reset, that is no longer writable, or on
 * which a response has started is destroyed without a word.
 */
export function handleClientError(
  error: Error & { code?: string },
  socket: Duplex,
  options: ClientErrorOptions,
): void {
  if (
    PEER_GONE.has(error.code ?? '') ||
    !socket.writable ||
    socket.writableEnded ||
    responseStarted(socket)
  ) {
    socket.destroy();
    return;
  }
  const answer = clientErrorResponse(error.code, options.production);
  // The parser's error (and its rawPacket) may hold headers with tokens: only the code is logged.
  options.logger?.warn('request refused by the HTTP parser', {
    code: error.code,
    status: answer.status,
    correlationId: answer.correlationId,
  });
  socket.end(answer.raw);
  // A peer that never reads must not hold the socket: give the answer a moment, then let go.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** Installs `handleClientError` on a server; the gateway's own server and the tests' both use it. */
export function installClientErrorHandler(server: Server, options: ClientErrorOptions): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) =>
    handleClientError(error, socket, options),
  );
}
