import {
  AlexHttpError,
  AlexNetworkError,
  AlexResponseTooLargeError,
  AlexTimeoutError,
  CircuitOpenError,
  classifyWriteFailure,
  parseAlexBody,
} from '../../../src/services/alex';

const outcome = (code: string, diagnostics: string) =>
  JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] });
const http = (status: number, body = '') => new AlexHttpError({ status, body: parseAlexBody(body) });
const OFFLINE = outcome('exception', 'Cannot establish connection to the facility. Please try again later.');

describe('outcome classes of one ALEX write (GATEWAY-API.md)', () => {
  it.each([
    [400, outcome('business-rule', 'The mandatory Identifier.value with the reference number is missing')],
    [403, outcome('forbidden', 'Authorization failed.')],
    [404, '{"statusCode":404,"message":"Resource not found"}'],
    [409, ''],
    [422, ''],
  ])('when ALEX answers %i, then the write was refused', (status, body) => {
    expect(classifyWriteFailure(http(status, body))).toBe('refused');
  });

  it.each([
    ['429', http(429)],
    ['408', http(408)],
    ['401 after the replay', http(401, '{"statusCode":401,"message":"Unauthorized."}')],
    ['503 with the facility-offline OperationOutcome', http(503, OFFLINE)],
    [
      '503 with PMS unreachable (vendor guide code 06)',
      http(503, outcome('exception', 'PMS unreachable or unavailable.')),
    ],
    ['an open breaker', new CircuitOpenError('F2N060-E', 30)],
    ['connection refused', new AlexNetworkError('ECONNREFUSED', false)],
    ['no TCP connection in time', new AlexNetworkError('ECONNECTTIMEOUT', false)],
  ])('when the failure is %s, then nothing was created', (_name, error) => {
    expect(classifyWriteFailure(error)).toBe('not-created');
  });

  it.each([
    ['500', http(500)],
    ['502 with an HTML page', http(502, '<html><body>502 Bad Gateway</body></html>')],
    ['504', http(504)],
    ['a bare 503 (a proxy)', http(503, '<html>503</html>')],
    ['a 503 whose OperationOutcome is not the facility-offline one', http(503, outcome('exception', 'boom'))],
    ['an unreadable 201', http(201, 'not json')],
    ['a timeout after sending', new AlexTimeoutError(true, 30000)],
    ['a timeout while sending', new AlexTimeoutError(false, 30000)],
    ['a connection reset after connecting', new AlexNetworkError('ECONNRESET', true)],
    ['an answer too large', new AlexResponseTooLargeError(20 * 1024 * 1024)],
    ['anything unknown', new Error('store went away')],
  ])('when the failure is %s, then the write is ambiguous', (_name, error) => {
    expect(classifyWriteFailure(error)).toBe('ambiguous');
  });
});
