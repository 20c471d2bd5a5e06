import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../../src/errors';
import { registerSecret } from '../../../src/logging/redact';
import { fhirErrorMapper } from '../../../src/middleware/fhir-error-mapper';
import { captureLogs } from '../../helpers/log-capture';

const CORRELATION_ID = '0b5c7a52-3f2e-4c6b-9a1d-2f6e8b1c4d7e';
const REGISTERED = 'SENTINEL-HANDLER-SECRET-77';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJTRU5USU5FTCJ9.U0VOVElORUwtc2lnbmF0dXJl';

interface Rendered {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Calls the error handler the way Express does, with a response that records what it is told. */
function handle(thrown: unknown): { rendered: Rendered; logs: ReturnType<typeof captureLogs> } {
  const logs = captureLogs();
  const rendered: Rendered = { status: 0, headers: {}, body: undefined };
  const res = {
    headersSent: false,
    locals: { correlationId: CORRELATION_ID },
    setHeader: (name: string, value: string) => {
      rendered.headers[name.toLowerCase()] = value;
    },
    status(code: number) {
      rendered.status = code;
      return this;
    },
    json(body: unknown) {
      rendered.body = body;
      return this;
    },
  };
  const next = jest.fn() as NextFunction;
  fhirErrorMapper(logs.logger)(thrown, {} as Request, res as unknown as Response, next);
  expect(next).not.toHaveBeenCalled();
  return { rendered, logs };
}

const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error(`getter exploded ${REGISTERED}`);
    },
    getPrototypeOf() {
      throw new Error(`prototype exploded ${REGISTERED}`);
    },
  },
);

describe('fhirErrorMapper with odd thrown values', () => {
  beforeAll(() => registerSecret(REGISTERED));

  it.each<[string, unknown]>([
    ['a string', `failed: ${REGISTERED}`],
    ['null', null],
    ['undefined', undefined],
    ['NaN', NaN],
    ['0', 0],
    ['a plain object', { detail: REGISTERED }],
    ['an array', [REGISTERED]],
    ['a function', function leak() {}],
    ['a symbol', Symbol(REGISTERED)],
    ['an Error', new Error(`db exploded ${REGISTERED}`)],
    ['an Error holding a bearer JWT', new Error(`upstream said Authorization: Bearer ${JWT}`)],
    ['a bare JWT in an Error', new Error(`token ${JWT} rejected`)],
    ['an object with status 418', { status: 418, message: REGISTERED }],
    ['an object whose every property access throws', hostile],
    [
      'a translatable whose toAppError throws',
      {
        toAppError: () => {
          throw new Error(REGISTERED);
        },
      },
    ],
  ])('when %s is thrown, then it is a 500 INTERNAL envelope logged once at error level', (_kind, thrown) => {
    const { rendered, logs } = handle(thrown);

    expect(rendered.status).toBe(500);
    expect(rendered.body).toEqual({
      error: {
        code: 'INTERNAL',
        message: expect.any(String),
        correlationId: CORRELATION_ID,
        retryable: true,
        details: [],
      },
    });
    const body = JSON.stringify(rendered.body);
    expect(body).not.toMatch(/SENTINEL|eyJ|stack|\bat /);
    const lines = logs.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', code: 'INTERNAL', correlationId: CORRELATION_ID });
    expect(logs.text()).not.toContain(REGISTERED);
    expect(logs.text()).not.toContain(JWT);
  });

  it('when an Error is thrown, then the log keeps its kind and scrubbed message so on-call can find it', () => {
    const { logs } = handle(new TypeError(`cannot read x of ${REGISTERED}`));

    expect(logs.lines()[0].cause).toMatchObject({
      name: 'TypeError',
      message: 'cannot read x of [REDACTED]',
    });
  });

  it('when a symbol or NaN is thrown, then the log still says what it was', () => {
    expect(handle(Symbol('odd')).logs.lines()[0].cause).toBe('Symbol(odd)');
    expect(handle(NaN).logs.lines()[0].cause).toBe('NaN');
  });

  it('when a 4xx AppError is thrown, then it is rendered as is and logged once as a warning', () => {
    const { rendered, logs } = handle(new AppError('FACILITY_NOT_ALLOWED'));

    expect(rendered.status).toBe(403);
    expect((rendered.body as { error: { code: string } }).error.code).toBe('FACILITY_NOT_ALLOWED');
    expect(logs.lines()).toEqual([expect.objectContaining({ level: 'warn', correlationId: CORRELATION_ID })]);
  });

  it('when an AppError has retryAfterSeconds, then Retry-After is set', () => {
    const { rendered } = handle(new AppError('ALEX_BUSY', { retryAfterSeconds: 7 }));

    expect(rendered.status).toBe(503);
    expect(rendered.headers['retry-after']).toBe('7');
  });

  it('when an AppError wraps a cause, then the cause is logged but never rendered', () => {
    const { rendered, logs } = handle(
      new AppError('ALEX_REJECTED', { cause: new Error('OperationOutcome: invalid subject reference') }),
    );

    expect(JSON.stringify(rendered.body)).not.toContain('OperationOutcome');
    expect(logs.text()).toContain('OperationOutcome');
  });
});
