import fc from 'fast-check';
import {
  REDACTED,
  redact,
  redactEveryPattern,
  redactFields,
  redactString,
  registerSecret,
} from '../../../src/logging/redact';

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJTRU5USU5FTCIsImF1ZCI6ImFsZXgifQ.c2lnbmF0dXJlLVNFTlRJTkVM';

describe('redactString', () => {
  it.each([
    ['a bearer token', 'Authorization: Bearer SENTINEL-KEY-0123456789abcdef', 'SENTINEL-KEY'],
    ['a basic credential', 'Authorization: Basic U0VOVElORUw6cGFzcw==', 'U0VOVElORUw6cGFzcw=='],
    ['a bare JWT', `token was ${JWT} here`, 'eyJhbGciOi'],
    ['an old-format NHI', 'patient ZZZ0016 not found', 'ZZZ0016'],
    ['a new-format NHI', 'patient ZAC12AB not found', 'ZAC12AB'],
    ['a query string', 'GET /api/medtech/test?t=SENTINEL&nhi=ZZZ0016 failed', 'SENTINEL'],
    ['a query string on a full URL', 'https://gw.example/mobile?t=SENTINEL-TOKEN', 'SENTINEL-TOKEN'],
  ])('when the text holds %s, then it is removed', (_kind, input, secret) => {
    const output = redactString(input);

    expect(output).not.toContain(secret);
    expect(output.length).toBeGreaterThan(0);
  });

  it('when a bearer token is removed, then the scheme stays so the line still makes sense', () => {
    expect(redactString('Bearer SENTINEL-KEY-0123456789')).toBe(`Bearer ${REDACTED}`);
  });

  it('when a URL with a query string is scrubbed, then the path is kept', () => {
    expect(redactString('/api/medtech/test?facilityId=F2N060-E&nhi=ZZZ0016')).toBe('/api/medtech/test');
  });

  it('when a registered literal secret appears anywhere, then every occurrence is replaced', () => {
    registerSecret('SENTINEL-REGISTERED-0001');

    const output = redactString('a SENTINEL-REGISTERED-0001 b SENTINEL-REGISTERED-0001c');

    expect(output).toBe(`a ${REDACTED} b ${REDACTED}c`);
  });

  it('when a value shorter than 8 characters is registered, then ordinary words are left alone', () => {
    registerSecret('the');

    expect(redactString('the store is ready')).toBe('the store is ready');
  });

  it('when the text holds nothing sensitive, then it is unchanged', () => {
    const text = 'request 4f0c8a1e-6a63-4b8e-9d55-0a1b2c3d4e5f took 12 ms for facility F2N060-E';

    expect(redactString(text)).toBe(text);
  });
});

describe('redactString, the one-scan filter', () => {
  const SECRET = 'SENTINEL-FILTER-SECRET-7';
  beforeAll(() => registerSecret(SECRET));

  /** Pieces of log text that each replacement targets, near misses of them, and filler. */
  const fragment = fc.oneof(
    fc.constantFrom(
      'Bearer ',
      'bEaReR\t',
      'Basic ',
      'basic',
      'abc123',
      'eyJhbGciOi.eyJzdWIiOi.c2ln',
      'eyj',
      'EYJabcde.fghij.',
      '?',
      '/',
      '/api/medtech/test',
      '=',
      '"',
      "'",
      ' ',
      'ZZZ0016',
      'zzz0016',
      'ZAC12AB',
      'ZZZ001',
      'F2N060-E',
      SECRET,
      SECRET.toLowerCase(),
      SECRET.slice(0, 12),
    ),
    fc.string({ maxLength: 6 }),
  );
  const logText = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));

  it('when any text is redacted, then the answer is exactly what every replacement in turn gives', () => {
    fc.assert(
      fc.property(logText, (text) => {
        expect(redactString(text)).toBe(redactEveryPattern(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('when a secret is registered after start-up, then the filter lets it through to be replaced', () => {
    const late = 'SENTINEL-REGISTERED-LATE-9';
    expect(redactString(`x ${late} y`)).toBe(`x ${late} y`);

    registerSecret(late);

    expect(redactString(`x ${late} y`)).toBe(`x ${REDACTED} y`);
  });

  it('when something other than a string is registered, then it is ignored and redaction still works', () => {
    expect(() => registerSecret(12345678 as unknown as string)).not.toThrow();

    expect(redactString('call 12345678 done')).toBe('call 12345678 done');
    expect(redactString(`x ${SECRET} y`)).toBe(`x ${REDACTED} y`);
  });

  it('when a secret holds characters special to regular expressions, then it is still found literally', () => {
    const special = 'se(cr)et+[key]*?.$^|\\';
    registerSecret(special);

    expect(redactString(`a ${special} b`)).toBe(`a ${REDACTED} b`);
    expect(redactString('a secret b')).toBe('a secret b');
  });
});

describe('redactFields', () => {
  it('when a line is redacted in place, then it follows redact and leaves level alone', () => {
    const line: Record<string, unknown> = {
      level: 'info',
      message: 'call for ZZZ0016',
      authorization: 'Bearer SENTINEL',
      nested: { client_secret: 'SENTINEL', list: ['patient ZAC12AB'] },
      count: 10n,
    };
    const expected = { ...(redact({ ...line }) as Record<string, unknown>), level: 'info' };

    redactFields(line);

    expect(line).toEqual(expected);
    expect(line).toMatchObject({ message: `call for ${REDACTED}`, count: '10' });
    expect(JSON.stringify(line)).not.toMatch(/SENTINEL|ZZZ0016|ZAC12AB/);
  });

  it('when a field refers back to the line, then the cycle is cut', () => {
    const line: Record<string, unknown> = { level: 'info', message: 'x' };
    line.self = line;

    redactFields(line);

    expect(line.self).toBe('[Circular]');
  });
});

describe('redact', () => {
  it('when sensitive keys sit at any depth, then their values are replaced', () => {
    const input = {
      access_token: 'SENTINEL-1',
      client_secret: 'SENTINEL-2',
      nested: {
        authorization: 'SENTINEL-3',
        deeper: { refreshToken: 'SENTINEL-4', list: [{ cookie: 'SENTINEL-5' }] },
      },
      headers: { 'x-mobile-token': 'SENTINEL-6', 'X-Api-Key': 'SENTINEL-7' },
      password: 'SENTINEL-8',
    };

    const output = JSON.stringify(redact(input));

    expect(output).not.toContain('SENTINEL');
    expect(output).toContain(REDACTED);
  });

  it('when ordinary keys hold ordinary values, then they are kept', () => {
    expect(redact({ facilityId: 'F2N060-E', status: 200, ok: true, nothing: null })).toEqual({
      facilityId: 'F2N060-E',
      status: 200,
      ok: true,
      nothing: null,
    });
  });

  it('when an object refers to itself, then the cycle is cut instead of recursing forever', () => {
    const node: Record<string, unknown> = { name: 'root' };
    node.self = node;
    node.children = [node];

    expect(redact(node)).toEqual({ name: 'root', self: '[Circular]', children: ['[Circular]'] });
  });

  it('when the same object appears twice without a cycle, then both copies are kept', () => {
    const shared = { facilityId: 'F2N060-E' };

    expect(redact({ first: shared, second: shared })).toEqual({ first: shared, second: shared });
  });

  it('when an object is nested deeper than the limit, then the deep part is cut, never printed', () => {
    let deep: Record<string, unknown> = { secretValue: 'SENTINEL-DEEP' };
    for (let level = 0; level < 20; level += 1) deep = { level: deep };

    const output = JSON.stringify(redact(deep));

    expect(output).not.toContain('SENTINEL-DEEP');
  });

  it('when a value is a Buffer or a typed array, then only its length is logged, never the bytes', () => {
    const bytes = Buffer.from('SENTINEL-IMAGE-BYTES');

    expect(redact({ image: bytes })).toEqual({ image: '[Buffer 20 bytes]' });
    expect(JSON.stringify(redact({ image: new Uint8Array(bytes) }))).not.toContain('83');
  });

  it('when a value is an Error, then only its name and scrubbed message remain', () => {
    const error = Object.assign(new Error('failed with Bearer SENTINEL-KEY-123456'), {
      config: { headers: { Authorization: 'Bearer SENTINEL-KEY-123456' } },
    });

    const output = redact({ cause: error }) as { cause: Record<string, unknown> };

    expect(output.cause).toEqual({ name: 'Error', message: `failed with Bearer ${REDACTED}` });
  });

  it('when an Error carries a non-string message or name, then those are redacted too and the copy is plain JSON', () => {
    const withObjectMessage = new Error('m');
    (withObjectMessage as { message: unknown }).message = {
      authorization: 'Bearer SENTINEL-E1',
      note: 'patient ZZZ0016',
    };
    const withOddName = new Error('m');
    (withOddName as { name: unknown }).name = 10n;
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    const withCyclicName = new Error('m');
    (withCyclicName as { name: unknown }).name = loop;

    const output = JSON.stringify(redact({ a: withObjectMessage, b: withOddName, c: withCyclicName }));

    expect(output).not.toMatch(/SENTINEL|ZZZ0016/);
    expect(JSON.parse(output)).toEqual({
      a: { name: 'Error', message: { authorization: REDACTED, note: `patient ${REDACTED}` } },
      b: { name: '10', message: 'm' },
      c: { name: { self: '[Circular]' }, message: 'm' },
    });
  });

  it('when an Error name holds a secret, then it is scrubbed like the message', () => {
    const error = new Error('m');
    error.name = 'Failed Bearer SENTINEL-NAME-1';

    expect(redact(error)).toEqual({ name: `Failed Bearer ${REDACTED}`, message: 'm' });
  });

  it('when a value is a Date, then it is logged as an ISO timestamp rather than an empty object', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');

    expect(redact({ expiresAt: at })).toEqual({ expiresAt: '2026-01-02T03:04:05.000Z' });
  });

  it('when redacting, then the input is never mutated', () => {
    const input = { authorization: 'Bearer SENTINEL', inner: { message: 'ZZZ0016' } };
    const before = JSON.stringify(input);

    redact(input);

    expect(JSON.stringify(input)).toBe(before);
  });

  it('when given primitives, then strings are scrubbed and other primitives pass through', () => {
    expect(redact('nhi ZZZ0016')).toBe(`nhi ${REDACTED}`);
    expect(redact(42)).toBe(42);
    expect(redact(undefined)).toBeUndefined();
    expect(redact(null)).toBeNull();
  });
});
