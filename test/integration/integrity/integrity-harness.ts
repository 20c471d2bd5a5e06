import { randomUUID } from 'node:crypto';
import type { RunningEmulator } from '../../../src/emulator';
import { authHeader } from '../../helpers/test-config';
import { ATTACHMENTS, DEFAULT_CONTEXT, FACILITY, MOBILE } from '../commit/commit-harness';

/**
 * Pieces shared by the "Integrity under faults" suite (QUALITY.md): timed HTTP calls over a
 * real socket, the 503 STORE_UNAVAILABLE check, and counting Media in the emulator.
 */

/** A key prefix no other test or gateway uses, so one Redis can be shared safely. */
export const uniquePrefix = (name: string) => `itest:${name}:${randomUUID().slice(0, 8)}:`;

export interface TimedResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code?: string } };
  elapsedMs: number;
}

/** One request with fetch (a real socket); never waits longer than `timeoutMs` (then status 0). */
export async function timed(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; form?: FormData; timeoutMs?: number } = {},
): Promise<TimedResponse> {
  const started = Date.now();
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...authHeader,
        ...(options.body !== undefined && { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    let body: TimedResponse['body'] = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { raw: text };
    }
    return { status: response.status, headers: response.headers, body, elapsedMs: Date.now() - started };
  } catch (error) {
    return {
      status: 0,
      headers: new Headers(),
      body: { raw: String(error) },
      elapsedMs: Date.now() - started,
    };
  }
}

/** A compact description for an assertion message. */
export const describeResponse = (r: TimedResponse) => ({
  status: r.status,
  code: r.body.error?.code,
  retryAfter: r.headers.get('retry-after'),
  elapsedMs: r.elapsedMs,
});

/** The answer every store-touching route owes when Redis is not answering. */
export const STORE_UNAVAILABLE_ANSWER = {
  status: 503,
  code: 'STORE_UNAVAILABLE',
  retryAfter: expect.stringMatching(/^\d+$/),
  elapsedMs: expect.any(Number),
};

/** Media the emulator holds, optionally only those carrying `identifier`. */
export function mediaIn(emulator: RunningEmulator, identifier?: string): fhir4.Media[] {
  const all = emulator.state.createdResources('Media') as fhir4.Media[];
  return identifier === undefined
    ? all
    : all.filter((m) => m.identifier?.some((i) => i.value === identifier));
}

/** Polls until `check` is true or `timeoutMs` passes; returns whether it became true. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 20) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

export const attachmentPath = (fileId: string) =>
  `${ATTACHMENTS}/${encodeURIComponent(fileId)}?facilityId=${FACILITY}`;
export const sessionPath = (sessionId: string) =>
  `${MOBILE}/sessions/${encodeURIComponent(sessionId)}?facilityId=${FACILITY}`;
export const mobileInitiateBody = { ...DEFAULT_CONTEXT };

/** A multipart body with one JPEG, as the desktop uploads it. */
export function jpegForm(bytes: Buffer): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
  return form;
}

/** Removes every key under `prefix` from a shared Redis (SCAN, never FLUSHDB), BullMQ's included. */
export async function dropPrefix(redisUrl: string, prefix: string): Promise<void> {
  const { default: Redis } = await import('ioredis');
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 1000 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
