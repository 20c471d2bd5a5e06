import {
  ALEX_PROBE_CACHE_MS,
  AlexHttpError,
  alexReadinessCheck,
  parseAlexBody,
} from '../../../src/services/alex';
import { testConfig } from '../../helpers/test-config';
import { fakeTime } from './fake-alex';

describe('ALEX readiness check', () => {
  it('when polled often, then ALEX is pinged once per 30 s for the default facility', async () => {
    const time = fakeTime();
    const ping = jest.fn(async () => ({ status: 200, durationMs: 12 }));
    const check = alexReadinessCheck({ ping }, testConfig({ MEDTECH_FACILITY_ID: 'F99669-C' }), time.clock);

    const results = await Promise.all([check(), check(), check()]);
    time.advance(ALEX_PROBE_CACHE_MS - 1);
    await check();
    time.advance(2);
    await check();

    expect(results[0]).toEqual({ ok: true, latencyMs: 0 });
    expect(ping).toHaveBeenCalledTimes(2);
    expect(ping).toHaveBeenCalledWith('F99669-C');
  });

  it('when ALEX fails, then the check is not ok and names only the gateway code', async () => {
    const ping = jest.fn(async () => {
      throw new AlexHttpError({
        status: 503,
        body: parseAlexBody('Cannot establish connection to the facility'),
      });
    });
    const check = alexReadinessCheck({ ping }, testConfig(), fakeTime().clock);

    await expect(check()).resolves.toEqual({ ok: false, latencyMs: 0, error: 'PRACTICE_OFFLINE' });
  });
});
