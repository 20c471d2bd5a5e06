import http from 'node:http';

/** What a stream of requests saw. */
export interface StreamResult {
  ok: number;
  /** Every request that did not end in 200 {"status":"ok"}: status or error code. */
  failures: string[];
  /** Requests re-sent once because a reused keep-alive socket was closed before any answer. */
  retriedOnReusedSocket: number;
  /** Requests re-sent once because a leaving worker answered 503 SERVICE_UNAVAILABLE. */
  retriedAfterDraining: number;
}

/** Why a failed request may be re-sent once; see streamRequests. */
type Retry = 'reused-socket' | 'draining';
type Outcome = { ok: true } | { ok: false; reason: string; retry?: Retry };

function isDrainingAnswer(response: http.IncomingMessage, body: string): boolean {
  return (
    response.statusCode === 503 &&
    response.headers.connection === 'close' &&
    response.headers['retry-after'] !== undefined &&
    body.includes('"code":"SERVICE_UNAVAILABLE"')
  );
}

function getOnce(port: number, path: string, agent: http.Agent | false): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent, timeout: 15_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode === 200 && body === '{"status":"ok"}') resolve({ ok: true });
        else
          resolve({
            ok: false,
            reason: `HTTP ${response.statusCode} ${body.slice(0, 120)}`,
            retry: isDrainingAnswer(response, body) ? 'draining' : undefined,
          });
      });
      response.on('error', (error) => resolve({ ok: false, reason: error.message }));
    });
    request.on('timeout', () => request.destroy(new Error('client timeout')));
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        ok: false,
        reason: error.code ?? error.message,
        retry: request.reusedSocket ? 'reused-socket' : undefined,
      }),
    );
  });
}

/**
 * Sends GET `path` in sequential loops until `stop()` says so. Keep-alive loops share one agent;
 * the others open a connection per request. A failed request is re-sent once, as a client
 * following HTTP and the gateway's contract does, in exactly two cases; every other failure
 * (another status, an error on a new connection, a hang, a second failure) is counted:
 *
 * - a reused keep-alive socket was closed before any answer: the server closed it as idle just as
 *   the client wrote to it. RFC 9112 (9.3.1) lets a client re-send an idempotent request then,
 *   and nginx does so for its upstream connections;
 * - a leaving worker answered 503 SERVICE_UNAVAILABLE with `Connection: close` and `Retry-After`
 *   (retryable by contract): a connection the cluster primary handed it just before the signal
 *   is not idle to Node even before its first byte, so it survives the drain's idle sweep.
 */
export async function streamRequests(options: {
  port: number;
  path: string;
  keepAliveLoops: number;
  freshConnectionLoops: number;
  stop: () => boolean;
}): Promise<StreamResult> {
  const result: StreamResult = { ok: 0, failures: [], retriedOnReusedSocket: 0, retriedAfterDraining: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.keepAliveLoops });
  const loop = async (useAgent: http.Agent | false) => {
    while (!options.stop()) {
      let outcome = await getOnce(options.port, options.path, useAgent);
      if (!outcome.ok && outcome.retry) {
        if (outcome.retry === 'reused-socket') result.retriedOnReusedSocket += 1;
        else result.retriedAfterDraining += 1;
        outcome = await getOnce(options.port, options.path, useAgent);
      }
      if (outcome.ok) result.ok += 1;
      else result.failures.push(outcome.reason);
    }
  };
  await Promise.all([
    ...Array.from({ length: options.keepAliveLoops }, () => loop(agent)),
    ...Array.from({ length: options.freshConnectionLoops }, () => loop(false)),
  ]);
  agent.destroy();
  return result;
}
