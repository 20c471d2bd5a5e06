import { runWithContext } from '../../../src/logging/request-context';
import { toAppError } from '../../../src/errors';
import { AlexHttpError, NHI_SYSTEM } from '../../../src/services/alex';
import { clientUnderTest, PATIENT_ID } from './setup';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const media: fhir4.Media = {
  resourceType: 'Media',
  status: 'completed',
  identifier: [{ system: 'https://clinicpro.co.nz/image-id', value: 'img-1' }],
  content: { contentType: 'image/jpeg' },
};

describe('ALEX client headers', () => {
  it('when no MEDTECH_APP_ID is set, then exactly the ALEX headers go out, without mt-appid, mt-env or mt-roles', async () => {
    const { alex, client } = clientUnderTest();

    await client.readPatient('F2N060-E', PATIENT_ID).catch(() => undefined);

    const { headers } = alex.calls[0];
    expect(headers.authorization).toBe('Bearer tok-1');
    expect(headers['mt-facilityid']).toBe('F2N060-E');
    expect(headers['mt-correlationid']).toMatch(UUID);
    expect(headers.accept).toBe('application/fhir+json');
    expect(headers).not.toHaveProperty('mt-appid');
    expect(headers).not.toHaveProperty('mt-env');
    expect(headers).not.toHaveProperty('mt-roles');
    expect(headers).not.toHaveProperty('content-type');
  });

  it('when MEDTECH_APP_ID is set, then it is sent as mt-appid', async () => {
    const { alex, client } = clientUnderTest({ env: { MEDTECH_APP_ID: 'clinicpro-images-widget' } });

    await client.ping('F2N060-E');

    expect(alex.calls[0].headers['mt-appid']).toBe('clinicpro-images-widget');
    expect(alex.calls[0].headers).not.toHaveProperty('mt-env');
  });

  it('when a resource is created, then it goes as application/fhir+json to {base}/{type}', async () => {
    const { alex, client } = clientUnderTest();
    alex.next({ status: 201, body: { ...media, id: 'c'.repeat(32) } });

    await client.create('F99669-C', media);

    expect(alex.calls[0]).toMatchObject({ method: 'POST', url: 'https://alex.test/FHIR/Media' });
    expect(alex.calls[0].headers['content-type']).toBe('application/fhir+json');
    expect(alex.calls[0].headers['mt-facilityid']).toBe('F99669-C');
    expect(JSON.parse(alex.calls[0].body ?? '{}')).toEqual(media);
  });

  it('when called inside a request, then mt-correlationid is that request id on every attempt', async () => {
    const { alex, client } = clientUnderTest();
    alex.next({ status: 503 }, { status: 200, body: { resourceType: 'CapabilityStatement' } });
    const correlationId = '4f0c2b9e-8a57-4d43-9d7e-0a6f3b2c1d00';

    await runWithContext({ correlationId }, () =>
      client.request({
        facilityId: 'F2N060-E',
        method: 'GET',
        path: 'metadata',
        routeTemplate: 'GET /metadata',
      }),
    );

    expect(alex.calls.map((call) => call.headers['mt-correlationid'])).toEqual([
      correlationId,
      correlationId,
    ]);
  });

  it('when the facility id is not HPI-shaped, then nothing is sent and the error is FACILITY_NOT_ALLOWED', async () => {
    const { alex, client } = clientUnderTest();

    await expect(client.ping('F2N060-E\r\nX-Evil: 1')).rejects.toMatchObject({
      code: 'FACILITY_NOT_ALLOWED',
    });
    expect(alex.calls).toHaveLength(0);
  });
});

describe('ALEX client resource calls', () => {
  it('when searching by NHI, then the identifier system|value is queried and the Patient entry returned', async () => {
    const { alex, client } = clientUnderTest();
    alex.next({
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [{ resource: { resourceType: 'Patient', id: PATIENT_ID } }],
      },
    });

    const result = await client.searchPatientByNhi('F2N060-E', 'ZZZ0016');

    expect(new URL(alex.calls[0].url).searchParams.get('identifier')).toBe(`${NHI_SYSTEM}|ZZZ0016`);
    expect(result.patient?.id).toBe(PATIENT_ID);
    expect(result.issues).toEqual([]);
  });

  it('when the search Bundle holds only an OperationOutcome entry, then no patient is returned and the issue is', async () => {
    const { alex, client } = clientUnderTest();
    alex.next({
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          {
            resource: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'information', code: 'not-found', diagnostics: 'No patient ZZZ0016' }],
            },
          },
        ],
      },
    });

    const result = await client.searchPatientByNhi('F2N060-E', 'ZZZ0016');

    expect(result.patient).toBeUndefined();
    expect(result.issues).toEqual([
      { severity: 'information', code: 'not-found', text: 'No patient ZZZ0016' },
    ]);
  });

  it('when a Patient read answers 404, then the error is PATIENT_NOT_FOUND; any other 404 is ALEX_REJECTED', async () => {
    const { alex, client } = clientUnderTest();
    alex.next({ status: 404, body: { statusCode: 404, message: 'Resource not found' } });
    alex.next({ status: 404, body: { statusCode: 404, message: 'Resource not found' } });

    const patient = await client.readPatient('F2N060-E', 'nope').catch((error: unknown) => error);
    const encounter = await client
      .request({
        facilityId: 'F2N060-E',
        method: 'GET',
        path: 'Encounter/1',
        routeTemplate: 'GET /Encounter/:id',
      })
      .catch((error: unknown) => error);

    expect(alex.calls).toHaveLength(2);
    expect(toAppError(patient)).toMatchObject({ code: 'PATIENT_NOT_FOUND', status: 404 });
    expect(toAppError(encounter)).toMatchObject({ code: 'ALEX_REJECTED', status: 502 });
  });

  it('when ALEX answers 201 without an id in the body, then the id is taken from Location', async () => {
    const { alex, client } = clientUnderTest();
    const id = 'd'.repeat(32);
    alex.next({
      status: 201,
      body: '',
      headers: { Location: `https://alexapiuat.medtechglobal.com/fhir/Media/${id}/_history/${id}` },
    });

    const created = await client.create('F2N060-E', media);

    expect(created).toMatchObject({ id, status: 201, resource: { resourceType: 'Media', id } });
  });

  it('when a 2xx Patient read returns something else, then it is ALEX_REJECTED', async () => {
    const { alex, client } = clientUnderTest();
    alex.next({ status: 200, body: 'not json at all' });

    const error = await client.readPatient('F2N060-E', PATIENT_ID).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AlexHttpError);
    expect(toAppError(error).code).toBe('ALEX_REJECTED');
  });
});

describe('ALEX client logs', () => {
  it('when a call is retried, then each attempt logs the support packet and nothing secret or identifying', async () => {
    const { alex, client, logs } = clientUnderTest();
    alex.next(
      {
        status: 503,
        body: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'exception', diagnostics: 'ZZZ0016 offline' }],
        },
      },
      { status: 200, body: { resourceType: 'Bundle', type: 'searchset', entry: [] } },
    );

    await client.searchPatientByNhi('F2N060-E', 'ZZZ0016');

    const calls = logs.lines().filter((line) => line.message === 'alex call');
    expect(calls).toEqual([
      expect.objectContaining({
        facilityId: 'F2N060-E',
        method: 'GET',
        route: 'GET /Patient',
        status: 503,
        attempt: 1,
      }),
      expect.objectContaining({
        facilityId: 'F2N060-E',
        method: 'GET',
        route: 'GET /Patient',
        status: 200,
        attempt: 2,
      }),
    ]);
    expect(typeof calls[0].durationMs).toBe('number');
    expect(logs.text()).not.toContain('ZZZ0016');
    expect(logs.text()).not.toContain('tok-1');
    expect(logs.text()).not.toContain('nhi-id');
  });

  it('when a call finally fails, then ALEX text is logged redacted and the issue codes are kept', async () => {
    const { alex, client, logs } = clientUnderTest({ env: { ALEX_MAX_ATTEMPTS: '1' } });
    alex.next({
      status: 400,
      body: {
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'business-rule', details: { text: 'Identifier for ZZZ0016 missing' } },
        ],
      },
    });

    await client.create('F2N060-E', media).catch(() => undefined);

    const failure = logs.lines().find((line) => line.message === 'alex call failed');
    expect(failure).toMatchObject({ status: 400, issues: [{ code: 'business-rule', severity: 'error' }] });
    expect(String(failure?.upstreamText)).toContain('Identifier for');
    expect(logs.text()).not.toContain('ZZZ0016');
  });
});
