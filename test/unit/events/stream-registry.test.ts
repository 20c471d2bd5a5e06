import { AppError } from '../../../src/errors';
import { createStreamRegistry, STREAMS_PER_SESSION } from '../../../src/services/events/stream-registry';
import { withoutDetails } from '../../../src/controllers/session-views';

const stream = (sessionId: string, closed: string[] = []) => ({
  sessionId,
  close: () => closed.push(sessionId),
});
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as AppError).code;
  }
  return undefined;
};

describe('stream registry', () => {
  it('when a session holds five streams, then the sixth is TOO_MANY_STREAMS while other sessions still get places', () => {
    const registry = createStreamRegistry({ maxStreams: 100, draining: () => false });
    for (let i = 0; i < STREAMS_PER_SESSION; i++) registry.admit(stream('s1'));

    expect(codeOf(() => registry.admit(stream('s1')))).toBe('TOO_MANY_STREAMS');
    expect(codeOf(() => registry.admit(stream('s2')))).toBeUndefined();
    expect(registry.openCount()).toBe(6);
  });

  it('when a stream is released twice, then its place is freed once', () => {
    const registry = createStreamRegistry({ maxStreams: 2, draining: () => false });
    const release = registry.admit(stream('s1'));
    registry.admit(stream('s1'));
    release();
    release();

    expect(registry.openCount()).toBe(1);
    expect(codeOf(() => registry.admit(stream('s1')))).toBeUndefined();
    expect(codeOf(() => registry.admit(stream('s1')))).toBe('SERVICE_UNAVAILABLE');
  });

  it('when the process drains or closes all, then every stream is closed and new ones get SERVICE_UNAVAILABLE', () => {
    let draining = false;
    const closed: string[] = [];
    const registry = createStreamRegistry({ maxStreams: 10, draining: () => draining });
    registry.admit(stream('a', closed));
    registry.admit(stream('b', closed));
    draining = true;
    expect(codeOf(() => registry.admit(stream('c')))).toBe('SERVICE_UNAVAILABLE');

    registry.closeAll();

    expect(closed.sort()).toEqual(['a', 'b']);
  });
});

describe('views for a browser', () => {
  it('when a view holds details at any depth, then none is left and everything else is kept', () => {
    const view = {
      fileId: 'f1',
      error: {
        code: 'ALEX_REJECTED',
        message: 'Medtech did not accept',
        details: [{ problem: 'ALEX text' }],
      },
      commit: { status: 'error', error: { code: 'X', details: ['upstream'] } },
      files: [{ error: { details: [] } }],
    };

    expect(withoutDetails(view)).toEqual({
      fileId: 'f1',
      error: { code: 'ALEX_REJECTED', message: 'Medtech did not accept' },
      commit: { status: 'error', error: { code: 'X' } },
      files: [{ error: {} }],
    });
    expect(JSON.stringify(withoutDetails(view))).not.toContain('ALEX text');
  });
});
