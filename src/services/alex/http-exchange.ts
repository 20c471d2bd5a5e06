import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { AlexResponseTooLargeError } from './errors';
import type { ConnectionProbe, ExchangeResponse, HttpExchange } from './transport';

/** Responses above this are cut off (QUALITY.md: huge bodies -> 502); counted after decompression. */
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/** What axios asked for before (ALEX's gateway may compress FHIR bundles); decoded below. */
const ACCEPT_ENCODING = 'gzip, deflate, br';
const USER_AGENT = 'clinicpro-medtech-gateway';

/**
 * The ALEX exchange on node's http/https `request` with keep-alive agents. No redirect is ever
 * followed (a 3xx is an answer like any other), the body is collected up to MAX_RESPONSE_BYTES,
 * gzip/deflate/br answers are decoded, and the socket is watched through the probe: a connect
 * that never completes is what a host that is not allow-listed sees (ALEX.md §2), and proves
 * the request never arrived.
 *
 * Why not axios: per call it merged configs, normalised headers and ran its adapter's feature
 * checks, about a fifth of the gateway's CPU per proxied call (README, "CPU per proxied call"),
 * for features this client turns off (redirects, transforms, its timeout).
 */
export function createHttpExchange(agents: { httpAgent: http.Agent; httpsAgent: https.Agent }): HttpExchange {
  return (request, probe) =>
    new Promise<ExchangeResponse>((resolve, reject) => {
      const secure = request.url.startsWith('https:');
      const headers: Record<string, string | number> = {
        'User-Agent': USER_AGENT,
        'Accept-Encoding': ACCEPT_ENCODING,
        ...request.headers,
      };
      if (request.body !== undefined) headers['Content-Length'] = Buffer.byteLength(request.body);
      const req = (secure ? https : http).request(request.url, {
        method: request.method,
        headers,
        agent: secure ? agents.httpsAgent : agents.httpAgent,
        signal: request.signal,
      });
      // The first outcome wins: destroying the request afterwards makes it emit errors of its own.
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        req.destroy();
        reject(error as Error);
      };
      watch(req, probe);
      req.on('error', fail);
      req.once('response', (res) => {
        readBody(res, fail, (body) => {
          if (settled) return;
          settled = true;
          resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res), body });
        });
      });
      req.end(request.body);
    });
}

function watch(req: http.ClientRequest, probe: ConnectionProbe): void {
  req.once('socket', (socket) => {
    if (!socket.connecting) probe.connected = true;
    else socket.once('connect', () => (probe.connected = true));
  });
  req.once('finish', () => (probe.bodySent = true));
}

/** The decoded body as text (a UTF-8 BOM dropped, as JSON.parse would choke on it). */
function readBody(
  res: http.IncomingMessage,
  fail: (error: unknown) => void,
  done: (body: string) => void,
): void {
  const stream = decoded(res);
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      fail(new AlexResponseTooLargeError(MAX_RESPONSE_BYTES));
      stream.destroy();
      return;
    }
    chunks.push(chunk);
  });
  stream.once('end', () => {
    ended = true;
    const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
    done(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  });
  stream.on('error', fail);
  // A connection dropped mid-body: no whole answer.
  res.once('aborted', () => fail(resetError()));
  res.once('close', () => {
    if (!ended && !res.complete) fail(resetError());
  });
}

function decoded(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '')
    .toLowerCase()
    .trim();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH })
      : encoding === 'deflate'
        ? zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH })
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (!decoder || res.statusCode === 204 || res.statusCode === 304) return res;
  delete res.headers['content-encoding'];
  res.once('error', (error) => decoder.destroy(error));
  return res.pipe(decoder);
}

function flatHeaders(res: http.IncomingMessage): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function resetError(): NodeJS.ErrnoException {
  return Object.assign(new Error('ALEX closed the connection before the answer was complete'), {
    code: 'ECONNRESET',
  });
}
