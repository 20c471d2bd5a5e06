import http from 'node:http';

/** What a stream of requests saw. */
export interface StreamResult {
  ok: number;
  /** Every request that did not end in 200 {"status":"ok"}: status or error code. */
  failures: string[];
  /** Requests re-sent once because a reused keep-alive socket was closed before any answer. */
  retriedOnReusedSocket: number;
}

type Outcome = { ok: true } | { ok: false; reason: string; reusedSocket: boolean };

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
            reusedSocket: false,
          });
      });
      response.on('error', (error) => resolve({ ok: false, reason: error.message, reusedSocket: false }));
    });
    request.on('timeout', () => request.destroy(new Error('client timeout')));
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, reason: error.code ?? error.message, reusedSocket: request.reusedSocket }),
    );
  });
}

/**
 * Sends GET `path` in `loops` sequential loops until `stop()` says so. Keep-alive loops share one
 * agent; the others open a connection per request.
 *
 * A keep-alive socket that the server closes while idle can meet a request the client wrote at
 * that very moment: HTTP/1.1 (RFC 9112, 9.3.1) lets a client re-send an idempotent request then,
 * and nginx does so for its upstream keep-alive connections. This client does the same, once,
 * and only when the failed socket was a reused one that never gave an answer; every other
 * failure is counted.
 */
export async function streamRequests(options: {
  port: number;
  path: string;
  keepAliveLoops: number;
  freshConnectionLoops: number;
  stop: () => boolean;
}): Promise<StreamResult> {
  const result: StreamResult = { ok: 0, failures: [], retriedOnReusedSocket: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.keepAliveLoops });
  const loop = async (useAgent: http.Agent | false) => {
    while (!options.stop()) {
      let outcome = await getOnce(options.port, options.path, useAgent);
      if (!outcome.ok && outcome.reusedSocket) {
        result.retriedOnReusedSocket += 1;
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
