import { toAppError } from '../../../src/errors';
import { CircuitOpenError } from '../../../src/services/alex';
import { clientUnderTest } from './setup';

const read = (facilityId: string) =>
  ({ facilityId, method: 'GET', path: 'Patient/x', routeTemplate: 'GET /Patient/:id' }) as const;

describe('ALEX circuit breaker per facility', () => {
  it('when 10 calls to one facility fail, then the next fails fast with ALEX_UNAVAILABLE and no ALEX call, while the other facility works', async () => {
    const { alex, client } = clientUnderTest({ env: { ALEX_MAX_ATTEMPTS: '1' } });
    alex.route((call) => (call.headers['mt-facilityid'] === 'F2N060-E' ? { status: 500 } : undefined));
    for (let i = 0; i < 10; i += 1) await client.request(read('F2N060-E')).catch(() => undefined);
    const callsBefore = alex.calls.length;

    const error = await client.request(read('F2N060-E')).catch((caught: unknown) => caught);
    const other = await client.request(read('F99669-C'));

    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(toAppError(error)).toMatchObject({ code: 'ALEX_UNAVAILABLE', status: 503 });
    expect(toAppError(error).retryAfterSeconds).toBeGreaterThan(0);
    expect(alex.calls.length).toBe(callsBefore + 1);
    expect(other.status).toBe(200);
    expect(client.breakerStates()).toEqual({ 'F2N060-E': 'open', 'F99669-C': 'closed' });
    client.close();
  });

  it('when calls get 404 or 400, then the breaker stays closed (they are not ALEX faults)', async () => {
    const { alex, client } = clientUnderTest({ env: { ALEX_MAX_ATTEMPTS: '1' } });
    alex.route(() => ({ status: 404 }));
    for (let i = 0; i < 20; i += 1) await client.request(read('F2N060-E')).catch(() => undefined);

    await client.request(read('F2N060-E')).catch(() => undefined);

    expect(alex.calls).toHaveLength(21);
    expect(client.breakerStates()['F2N060-E']).toBe('closed');
    client.close();
  });

  it('when the reset timeout passes, then one trial call goes through and a success closes the breaker', async () => {
    const { alex, client } = clientUnderTest({
      env: { ALEX_MAX_ATTEMPTS: '1' },
      breaker: { resetTimeoutMs: 50 },
    });
    alex.route(() => ({ status: 503 }));
    for (let i = 0; i < 10; i += 1) await client.request(read('F2N060-E')).catch(() => undefined);
    expect(client.breakerStates()['F2N060-E']).toBe('open');
    alex.route(() => ({ status: 200, body: { resourceType: 'Patient' } }));

    await new Promise((resolve) => setTimeout(resolve, 80));
    const response = await client.request(read('F2N060-E'));

    expect(response.status).toBe(200);
    expect(client.breakerStates()['F2N060-E']).toBe('closed');
    client.close();
  });
});
