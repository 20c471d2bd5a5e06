import { describeThrown } from '../../../src/logging/describe-thrown';

describe('describeThrown', () => {
  it('when an Error is thrown, then its name, message and stack are kept', () => {
    const error = new TypeError('boom');
    expect(describeThrown(error)).toEqual({ name: 'TypeError', message: 'boom', stack: error.stack });
  });

  it.each([
    ['a string', 'plain', 'plain'],
    ['undefined', undefined, 'undefined'],
    ['null', null, null],
    ['NaN', NaN, 'NaN'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['a bigint', BigInt(7), '7'],
    ['a function', () => 1, '[function]'],
    ['an object', { code: 1 }, { code: 1 }],
  ])('when %s is thrown, then the log gets something JSON can say', (_kind, thrown, expected) => {
    expect(describeThrown(thrown)).toEqual(expected);
  });

  it('when reading the thrown value itself throws, then it is described as unreadable', () => {
    const hostile = new Proxy(new Error('x'), {
      get() {
        throw new Error('no');
      },
    });
    expect(describeThrown(hostile)).toBe('[unreadable]');
  });
});
