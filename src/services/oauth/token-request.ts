import { AxiosHeaders, isAxiosError, type AxiosInstance } from 'axios';
import { z } from 'zod';
import type { Config } from '../../config';
import { parseRetryAfterMs, toRetryAfterSeconds } from '../../http/retry-after';
import { TokenError } from './token-error';

const grantSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
});

const SAFE_REASON = /^[a-z_]{1,40}$/;

export interface Grant {
  accessToken: string;
  expiresInSeconds: number;
}

/**
 * One client-credentials exchange with Entra ID (ALEX.md §1). Every failure becomes a
 * TokenError whose reason is a short code: Entra's `error` field, `http_<status>`, `timeout`
 * or `network`. Entra's `error_description` is never kept: it can echo the client id.
 */
export async function requestGrant(
  http: AxiosInstance,
  medtech: Readonly<Config['medtech']>,
  timeoutMs: number,
  now: () => number,
): Promise<Grant> {
  const form = new URLSearchParams({
    client_id: medtech.clientId,
    client_secret: medtech.clientSecret,
    grant_type: 'client_credentials',
    scope: medtech.scope,
  });
  let response;
  try {
    response = await http.post(medtech.tokenUrl, form.toString(), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
      responseType: 'json',
    });
  } catch (error) {
    throw transportFailure(error);
  }
  if (response.status === 200) {
    const parsed = grantSchema.safeParse(response.data);
    if (!parsed.success) throw new TokenError('unavailable', 'malformed_response', 200);
    return { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
  }
  if (response.status === 429) {
    const header = AxiosHeaders.from(response.headers as AxiosHeaders).get('retry-after');
    const waitMs = parseRetryAfterMs(typeof header === 'string' ? header : undefined, now());
    const retryAfter = waitMs === undefined ? undefined : toRetryAfterSeconds(waitMs);
    throw new TokenError('throttled', 'throttled', 429, retryAfter);
  }
  const entraCode = (response.data as { error?: unknown } | undefined)?.error;
  const reason = typeof entraCode === 'string' && SAFE_REASON.test(entraCode) ? entraCode : undefined;
  if (response.status >= 500)
    throw new TokenError('unavailable', reason ?? `http_${response.status}`, response.status);
  throw new TokenError('rejected', reason ?? `http_${response.status}`, response.status);
}

function transportFailure(error: unknown): TokenError {
  if (!isAxiosError(error)) return new TokenError('unavailable', 'network');
  const timedOut = ['ERR_CANCELED', 'ECONNABORTED', 'ETIMEDOUT'].includes(error.code ?? '');
  return new TokenError('unavailable', timedOut ? 'timeout' : 'network');
}
