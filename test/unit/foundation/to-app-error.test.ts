import multer from 'multer';
import { z } from 'zod';
import { AppError, toAppError, type TranslatableError } from '../../../src/errors';

const SENTINEL = 'SENTINEL-THROWN-0001';

/** A thrown value that explodes as soon as anything looks at it. */
const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error(SENTINEL);
    },
  },
);

const translatable = (result: unknown): TranslatableError => ({ toAppError: () => result as AppError });

describe('toAppError: unknown things become INTERNAL', () => {
  it.each<[string, unknown]>([
    ['a string', `boom ${SENTINEL}`],
    ['null', null],
    ['undefined', undefined],
    ['NaN', NaN],
    ['0', 0],
    ['false', false],
    ['an empty string', ''],
    ['a plain object', { reason: SENTINEL }],
    ['an array', [1, SENTINEL]],
    ['a function', () => SENTINEL],
    ['a symbol', Symbol(SENTINEL)],
    ['a bigint', 10n],
    ['an Error', new Error(`db exploded ${SENTINEL}`)],
    ['a TypeError', new TypeError(`cannot read ${SENTINEL}`)],
    ['a plain object with status 418', { status: 418, message: SENTINEL }],
    ['an HTTP client error carrying an upstream 404', Object.assign(new Error(SENTINEL), { status: 404 })],
    [
      'an Error with status 400 but not marked safe to expose',
      Object.assign(new Error(SENTINEL), { status: 400 }),
    ],
    ['a translatable whose toAppError returns garbage', translatable('not an AppError')],
  ])('when given %s, then it is 500 INTERNAL with the catalogue message', (_kind, thrown) => {
    const error = toAppError(thrown);

    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('INTERNAL');
    expect(error.status).toBe(500);
    expect(error.message).not.toContain(SENTINEL);
    expect(error.details).toEqual([]);
  });

  it('when given an Error, then the original is kept as the cause, for the log only', () => {
    const original = new Error(SENTINEL);

    expect(toAppError(original).cause).toBe(original);
  });

  it('when given something whose properties throw on access, then the failure escapes (the handler guards it)', () => {
    expect(() => toAppError(hostile)).toThrow();
  });
});

describe('toAppError: known things keep their meaning', () => {
  it('when given an AppError, then the same instance is returned', () => {
    const error = new AppError('PATIENT_NOT_FOUND');

    expect(toAppError(error)).toBe(error);
  });

  it('when given a translatable error, then its own AppError is used', () => {
    const busy = new AppError('ALEX_BUSY', { retryAfterSeconds: 5 });

    expect(toAppError(translatable(busy))).toBe(busy);
  });

  it('when given a ZodError, then it is 400 VALIDATION_FAILED with dotted field paths', () => {
    const schema = z.object({ files: z.array(z.object({ meta: z.object({ laterality: z.string() }) })) });
    const result = schema.safeParse({ files: [{ meta: { laterality: 7 } }] });

    const error = toAppError(result.error);

    expect(error.status).toBe(400);
    expect(error.details).toEqual([{ path: 'files.0.meta.laterality', problem: expect.any(String) }]);
  });

  it.each<[string, unknown, string]>([
    [
      'a body-parser JSON failure',
      Object.assign(new SyntaxError('Unexpected token'), {
        type: 'entity.parse.failed',
        status: 400,
        expose: true,
      }),
      'VALIDATION_FAILED',
    ],
    [
      'a body-parser size failure',
      Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413, expose: true }),
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a charset failure',
      Object.assign(new Error('bad charset'), { type: 'charset.unsupported', status: 415, expose: true }),
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'an exposed framework 404',
      Object.assign(new Error('Not Found'), { status: 404, expose: true }),
      'NOT_FOUND',
    ],
    [
      'an exposed framework 400',
      Object.assign(new Error('Bad'), { status: 400, expose: true }),
      'VALIDATION_FAILED',
    ],
    [
      "the router's badly encoded parameter",
      Object.assign(new URIError("Failed to decode param '%E0'"), { status: 400 }),
      'VALIDATION_FAILED',
    ],
    ['multer: file too large', new multer.MulterError('LIMIT_FILE_SIZE', 'file'), 'FILE_TOO_LARGE'],
    ['multer: too many parts', new multer.MulterError('LIMIT_PART_COUNT'), 'PAYLOAD_TOO_LARGE'],
    [
      'multer: unexpected field',
      new multer.MulterError('LIMIT_UNEXPECTED_FILE', 'photo'),
      'VALIDATION_FAILED',
    ],
    [
      'multer: a part without a field name',
      new multer.MulterError('MISSING_FIELD_NAME'),
      'VALIDATION_FAILED',
    ],
  ])('when given %s, then it becomes %s', (_kind, thrown, code) => {
    const error = toAppError(thrown);

    expect(error.code).toBe(code);
    expect(error.status).toBeLessThan(500);
    expect(error.message).not.toMatch(/token|decode|%E0|too large$/i);
  });
});
