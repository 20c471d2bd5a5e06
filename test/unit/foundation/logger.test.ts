import * as redaction from '../../../src/logging/redact';
import { registerSecret } from '../../../src/logging/redact';
import { runWithContext } from '../../../src/logging/request-context';
import { captureLogs } from '../../helpers/log-capture';

const REGISTERED = 'SENTINEL-LOGGER-SECRET-0042';

describe('createLogger', () => {
  beforeAll(() => registerSecret(REGISTERED));

  it('when a line is written, then it is one JSON object with timestamp, level and message', () => {
    const logs = captureLogs();

    logs.logger.info('store ready', { store: 'memory' });

    expect(logs.lines()).toEqual([
      { timestamp: expect.any(String), level: 'info', message: 'store ready', store: 'memory' },
    ]);
  });

  it('when a line is written inside a request context, then it carries the correlationId', () => {
    const logs = captureLogs();

    runWithContext({ correlationId: 'c0ffee00-0000-4000-8000-000000000001' }, () =>
      logs.logger.info('inside'),
    );
    logs.logger.info('outside');

    const [inside, outside] = logs.lines();
    expect(inside.correlationId).toBe('c0ffee00-0000-4000-8000-000000000001');
    expect(outside).not.toHaveProperty('correlationId');
  });

  it('when the message or a field holds a registered secret, a bearer token or an NHI, then none is written', () => {
    const logs = captureLogs();

    logs.logger.warn(`token call failed for ${REGISTERED}`, {
      header: 'Bearer SENTINEL-BEARER-123456',
      note: 'patient ZZZ0016',
    });

    expect(logs.text()).not.toMatch(/SENTINEL|ZZZ0016/);
    expect(logs.lines()[0].level).toBe('warn');
  });

  it('when sensitive keys are logged at any depth, then their values are replaced', () => {
    const logs = captureLogs();

    logs.logger.info('token response', {
      access_token: 'SENTINEL-A',
      response: { data: { client_secret: 'SENTINEL-B' }, headers: { authorization: 'SENTINEL-C' } },
    });

    expect(logs.text()).not.toContain('SENTINEL');
  });

  it('when an Error is logged directly, then its message is scrubbed and no stack is written', () => {
    const logs = captureLogs();

    logs.logger.error(new Error(`exploded with ${REGISTERED}`));

    expect(logs.text()).not.toContain(REGISTERED);
    expect(logs.text()).not.toMatch(/\bat .*:\d+:\d+/);
    expect(logs.lines()[0]).not.toHaveProperty('stack');
    expect(logs.lines()[0]).toMatchObject({ level: 'error', message: expect.stringContaining('exploded') });
  });

  it('when extra positional arguments are passed, then they never reach the output', () => {
    const logs = captureLogs();

    (logs.logger.info as (...args: unknown[]) => void)('message', { ok: true }, 'SENTINEL-SPLAT');

    expect(logs.text()).not.toContain('SENTINEL-SPLAT');
  });

  it('when the level is below the threshold, then nothing is written', () => {
    const logs = captureLogs('warn');

    logs.logger.info('chatty');

    expect(logs.lines()).toEqual([]);
  });

  it('when a line is below the level, then it is dropped before the format chain runs (no redaction work)', () => {
    const logs = captureLogs('error');
    const redact = jest.spyOn(redaction, 'redactFields');

    logs.logger.info('request', { route: '/api/medtech/test' });
    logs.logger.log('warn', 'alex call', { attempt: 1 });
    logs.logger.child({ component: 'x' }).info('from a child');

    expect(redact).not.toHaveBeenCalled();
    expect(logs.lines()).toEqual([]);
    redact.mockRestore();
  });

  it('when a field is a bigint, a Date, a Buffer or a cycle, then the line is still one valid JSON object', () => {
    const logs = captureLogs();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;

    logs.logger.info('odd values', {
      big: 12345678901234567890n,
      at: new Date(0),
      bytes: Buffer.from('x'),
      loop,
    });

    expect(logs.lines()).toEqual([
      expect.objectContaining({
        big: '12345678901234567890',
        at: '1970-01-01T00:00:00.000Z',
        bytes: '[Buffer 1 bytes]',
        loop: { name: 'loop', self: '[Circular]' },
      }),
    ]);
  });

  it('when a line is written, then redaction ran on it', () => {
    const logs = captureLogs();
    const redact = jest.spyOn(redaction, 'redactFields');

    logs.logger.info('request', { route: '/api/medtech/test' });

    expect(redact).toHaveBeenCalledTimes(1);
    redact.mockRestore();
  });

  it('when the level is raised at run time, then lines at the new level are written, by children too', () => {
    const logs = captureLogs('error');

    logs.logger.level = 'info';
    logs.logger.info('now visible');
    logs.logger.child({ component: 'x' }).info('child visible');
    logs.logger.debug('still hidden');

    expect(logs.lines()).toEqual([
      expect.objectContaining({ level: 'info', message: 'now visible' }),
      expect.objectContaining({ level: 'info', message: 'child visible', component: 'x' }),
    ]);
  });
});
