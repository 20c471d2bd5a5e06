import http from 'node:http';
import https from 'node:https';

/** What one attempt's socket did: the facts that decide whether a POST may be sent again. */
export interface ConnectionProbe {
  /** The TCP connection was established (or a kept-alive one reused): ALEX may have the request. */
  connected: boolean;
  /** The whole request, body included, was handed to the operating system. */
  bodySent: boolean;
}

/**
 * An axios `transport`: node's http/https `request`, watched through a ConnectionProbe. One
 * per attempt. Axios reports a timeout the same way whether the TCP connect or the answer was
 * slow; ALEX.md §2 needs them apart (a connect timeout is what a host that is not allow-listed
 * sees, and it proves the request never arrived), so the socket is watched. Passing a
 * transport also means axios never follows redirects. A class, not a plain object: axios
 * deep-copies plain objects in its config, which would detach the probe.
 */
export class TrackedTransport {
  readonly probe: ConnectionProbe = { connected: false, bodySent: false };

  request(options: http.RequestOptions, callback: (res: http.IncomingMessage) => void): http.ClientRequest {
    const probe = this.probe;
    const library = options.protocol === 'https:' ? https : http;
    const req = library.request(options, callback);
    req.once('socket', (socket) => {
      if (!socket.connecting) probe.connected = true;
      else socket.once('connect', () => (probe.connected = true));
    });
    req.once('finish', () => (probe.bodySent = true));
    return req;
  }
}

/** Keep-alive agents: a new TLS handshake per call would add ~100 ms to every ALEX round trip. */
export function createAgents(): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const options = { keepAlive: true, maxSockets: 64, maxFreeSockets: 16, scheduling: 'lifo' as const };
  return { httpAgent: new http.Agent(options), httpsAgent: new https.Agent(options) };
}
