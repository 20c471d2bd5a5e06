import http from 'node:http';

const BOUNDARY = '----gateway-admission-boundary';

/** The multipart body the phone page sends for one photo in field `file`. */
export function multipartBody(
  photo: Buffer,
  name = 'photo.jpg',
): { head: Buffer; photo: Buffer; tail: Buffer } {
  return {
    head: Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    photo,
    tail: Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  };
}

export interface UploadAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { error?: { code?: string }; status?: string };
}

export interface OpenUpload {
  /** Resolves with the server's answer, whenever it comes. */
  answer: Promise<UploadAnswer>;
  /** Body bytes written so far (headers not counted). */
  bytesSent(): number;
  /** Sends the rest of the body. */
  finish(): void;
  /** Drops the connection mid-body, as a phone walking out of coverage does. */
  abort(): void;
}

/**
 * Starts a real multipart upload over a socket with its full Content-Length, writes only the
 * first `sendBytes` bytes of the body and holds the connection open, so a test can act while the
 * server is (or is not) receiving it.
 */
export function openUpload(
  port: number,
  path: string,
  token: string,
  photo: Buffer,
  sendBytes: number,
): OpenUpload {
  const { head, tail } = multipartBody(photo);
  const body = Buffer.concat([head, photo, tail]);
  let sent = Math.min(sendBytes, body.length);
  const req = http.request({
    port,
    host: '127.0.0.1',
    path,
    method: 'POST',
    agent: false,
    headers: {
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      'content-length': body.length,
      'x-mobile-token': token,
    },
  });
  let answered = false;
  const answer = new Promise<UploadAnswer>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: JSON.parse(Buffer.concat(parts).toString('utf8') || '{}'),
        }),
      );
    });
    req.on('error', (error) => {
      // The server may close the socket after an early answer; only a missing answer fails.
      if (!answered) reject(error);
    });
  });
  // An aborted upload has no answer; keep the rejection from surfacing as unhandled.
  answer.catch(() => undefined);
  req.flushHeaders();
  if (sent > 0) req.write(body.subarray(0, sent));
  return {
    answer,
    bytesSent: () => sent,
    finish() {
      req.end(body.subarray(sent));
      sent = body.length;
    },
    abort() {
      req.destroy();
    },
  };
}
