import express from 'express';
import request from 'supertest';
import { toAppError } from '../../../src/errors';
import { fhirErrorMapper } from '../../../src/middleware/fhir-error-mapper';
import {
  AlexHttpError,
  AlexNetworkError,
  AlexResponseTooLargeError,
  AlexTimeoutError,
  CircuitOpenError,
  CONNECT_TIMEOUT,
  parseAlexBody,
} from '../../../src/services/alex';
import { captureLogs } from '../../helpers/log-capture';
import { facilityOffline } from './setup';

const outcome = (code: string, text: { diagnostics?: string; details?: { text: string } }) =>
  JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, ...text }] });
const httpError = (status: number, raw: string, retryAfterSeconds?: number) =>
  new AlexHttpError({ status, body: parseAlexBody(raw), retryAfterSeconds });

describe('ALEX errors -> gateway codes (ALEX.md §6)', () => {
  it.each([
    [
      '503 facility OperationOutcome (diagnostics)',
      httpError(503, JSON.stringify(facilityOffline)),
      'PRACTICE_OFFLINE',
      503,
      [{ code: 'exception', severity: 'error' }],
    ],
    ['503 without a body', httpError(503, ''), 'PRACTICE_OFFLINE', 503, []],
    [
      '403 forbidden OperationOutcome',
      httpError(403, outcome('forbidden', { diagnostics: 'Authorization failed.' })),
      'ALEX_FORBIDDEN',
      502,
      [{ code: 'forbidden', severity: 'error' }],
    ],
    [
      '403 Practice Facility not found (plain text)',
      httpError(403, 'Practice Facility not found'),
      'ALEX_FORBIDDEN',
      502,
      [],
    ],
    [
      '400 business-rule (details.text)',
      httpError(
        400,
        outcome('business-rule', {
          details: { text: 'The mandatory Identifier.value with the reference number is missing' },
        }),
      ),
      'ALEX_REJECTED',
      502,
      [{ code: 'business-rule', severity: 'error' }],
    ],
    [
      '404 {statusCode, message}',
      httpError(404, '{"statusCode":404,"message":"Resource not found"}'),
      'ALEX_REJECTED',
      502,
      [],
    ],
    ['429 after retries', httpError(429, '', 7), 'ALEX_BUSY', 503, []],
    ['500 after retries', httpError(500, 'Internal Server Error'), 'ALEX_UNAVAILABLE', 503, []],
    ['502 after retries', httpError(502, '<html>Bad gateway</html>'), 'ALEX_UNAVAILABLE', 503, []],
    ['504 after retries', httpError(504, ''), 'ALEX_UNAVAILABLE', 503, []],
    ['401 after the replay', httpError(401, ''), 'ALEX_AUTH_FAILED', 502, []],
    ['302 redirect', httpError(302, ''), 'ALEX_REJECTED', 502, []],
    ['response timeout', new AlexTimeoutError(true, 4000), 'ALEX_TIMEOUT', 504, []],
    [
      'connection dropped after connecting',
      new AlexNetworkError('ECONNRESET', true),
      'ALEX_TIMEOUT',
      504,
      [],
    ],
    ['connection refused', new AlexNetworkError('ECONNREFUSED', false), 'ALEX_UNREACHABLE', 504, []],
    ['connect timeout', new AlexNetworkError(CONNECT_TIMEOUT, false), 'ALEX_UNREACHABLE', 504, []],
    ['circuit open', new CircuitOpenError('F2N060-E', 12), 'ALEX_UNAVAILABLE', 503, []],
    ['response over 20 MB', new AlexResponseTooLargeError(20 * 1024 * 1024), 'ALEX_REJECTED', 502, []],
  ])('when %s, then the gateway code is %s', (_name, error, code, status, details) => {
    const appError = toAppError(error);

    expect(appError.code).toBe(code);
    expect(appError.status).toBe(status);
    expect(appError.details).toEqual(details);
  });

  it('when ALEX is busy or the practice offline, then Retry-After is set (ALEX value or a default)', () => {
    expect(toAppError(httpError(429, '', 7)).retryAfterSeconds).toBe(7);
    expect(toAppError(httpError(503, JSON.stringify(facilityOffline))).retryAfterSeconds).toBe(30);
    expect(toAppError(new CircuitOpenError('F2N060-E', 12)).retryAfterSeconds).toBe(12);
  });

  it('when an ALEX error reaches the error mapper, then the envelope has codes but no ALEX text', async () => {
    const app = express();
    app.get('/x', () => {
      throw httpError(
        400,
        outcome('business-rule', { diagnostics: 'Patient Jane Citizen ZZZ0016 has no identifier' }),
      );
    });
    app.use(fhirErrorMapper(captureLogs().logger));

    const response = await request(app).get('/x');

    expect(response.status).toBe(502);
    expect(response.body.error).toMatchObject({
      code: 'ALEX_REJECTED',
      retryable: false,
      details: [{ code: 'business-rule', severity: 'error' }],
    });
    expect(JSON.stringify(response.body)).not.toMatch(/Jane|ZZZ0016|identifier/);
  });

  it('when PRACTICE_OFFLINE reaches the error mapper, then the response carries Retry-After', async () => {
    const app = express();
    app.get('/x', () => {
      throw httpError(503, JSON.stringify(facilityOffline), 45);
    });
    app.use(fhirErrorMapper(captureLogs().logger));

    const response = await request(app).get('/x');

    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('45');
    expect(response.body.error.code).toBe('PRACTICE_OFFLINE');
  });
});
