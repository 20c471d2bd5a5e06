import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import type { EmulatorState } from './state';

/** An Entra ID error, with the AADSTS code and text Entra uses for the same mistake. */
interface EntraError {
  status: number;
  error: string;
  code: number;
  text: string;
}

const ERRORS = {
  tenant: (tenant: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 90002,
    text: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  }),
  grantMissing: (): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    text: "The request body must contain the following parameter: 'grant_type'.",
  }),
  grant: (): EntraError => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    text: 'The app requested an unsupported grant type.',
  }),
  client: (): EntraError => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    text: 'Application with identifier was not found in the directory.',
  }),
  secret: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    text: 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
  }),
  scope: (): EntraError => ({
    status: 400,
    error: 'invalid_scope',
    code: 70011,
    text: "The provided value for the input parameter 'scope' is not valid.",
  }),
};

function sendEntraError(res: Response, failure: EntraError): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  // Entra's timestamp format: "2025-11-11 02:03:04Z".
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  res
    .status(failure.status)
    .set({ 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' })
    .json({
      error: failure.error,
      error_description: `AADSTS${failure.code}: ${failure.text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [failure.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${failure.code}`,
    });
}

/**
 * Entra ID's client-credentials token endpoint (ALEX.md section 1):
 * `POST /{tenant}/oauth2/v2.0/token`, form-encoded. Checks run in Entra's order: tenant,
 * grant type, client id, secret, scope.
 */
export function tokenRouter(state: EmulatorState): Router {
  const router = Router();
  router.post('/:tenant/oauth2/v2.0/token', (req, res) => {
    const expected = state.credentials;
    // Entra reads only form bodies: a JSON body is as good as none.
    const isForm =
      req.is('application/x-www-form-urlencoded') !== false &&
      req.is('application/x-www-form-urlencoded') !== null;
    const form = (isForm && typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<
      string,
      unknown
    >;
    if (req.params.tenant !== expected.tenantId) return sendEntraError(res, ERRORS.tenant(req.params.tenant));
    if (form.grant_type === undefined) return sendEntraError(res, ERRORS.grantMissing());
    if (form.grant_type !== 'client_credentials') return sendEntraError(res, ERRORS.grant());
    if (form.client_id !== expected.clientId) return sendEntraError(res, ERRORS.client());
    if (form.client_secret !== expected.clientSecret) return sendEntraError(res, ERRORS.secret());
    if (form.scope !== expected.scope) return sendEntraError(res, ERRORS.scope());
    const { accessToken, expiresIn } = state.tokens.issue();
    res.status(200).set({ 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' }).json({
      token_type: 'Bearer',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: accessToken,
    });
  });
  return router;
}
