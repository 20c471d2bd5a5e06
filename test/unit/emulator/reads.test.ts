import { NHI_SYSTEM, SEED } from '../../../src/emulator';
import { validateFhirResource } from '../../../src/fhir/conformance';
import { emulatorKit, FACILITY, OTHER_FACILITY, ZZZ0016_ID, type Kit } from './emulator-test-kit';

describe('emulator reads (Patient, Location, Practitioner, metadata)', () => {
  let kit: Kit;
  beforeAll(async () => {
    kit = await emulatorKit();
  });

  it("when searching Patient by a seeded NHI, then a searchset Bundle holds that facility's Patient", async () => {
    const response = await kit.get(`/FHIR/Patient?identifier=${NHI_SYSTEM}|ZZZ0016`).expect(200);

    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(response.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(response.body.entry).toHaveLength(1);
    expect(response.body.entry[0].resource).toMatchObject({ resourceType: 'Patient', id: ZZZ0016_ID });
    expect(response.body.entry[0].search.mode).toBe('match');
    expect(response.body.entry[0].fullUrl).toMatch(new RegExp(`/fhir/Patient/${ZZZ0016_ID}$`));
    expect(validateFhirResource(response.body)).toEqual({ valid: true });
  });

  it('when the NHI matches nobody, then the Bundle is empty but for an OperationOutcome entry in outcome mode', async () => {
    const response = await kit.get(`/FHIR/Patient?identifier=${NHI_SYSTEM}|ZZZ9999`).expect(200);

    expect(response.body.total).toBe(0);
    expect(response.body.entry).toEqual([
      {
        resource: expect.objectContaining({ resourceType: 'OperationOutcome' }),
        search: { mode: 'outcome' },
      },
    ]);
  });

  it('when the same NHI is searched in two facilities, then the Patient ids differ', async () => {
    const here = await kit.get(`/FHIR/Patient?identifier=${NHI_SYSTEM}|ZZZ0016`, FACILITY).expect(200);
    const there = await kit.get(`/FHIR/Patient?identifier=${NHI_SYSTEM}|ZZZ0016`, OTHER_FACILITY).expect(200);

    const hereId = here.body.entry[0].resource.id;
    const thereId = there.body.entry[0].resource.id;
    expect(hereId).toBe(ZZZ0016_ID);
    expect(thereId).toMatch(/^[0-9a-f]{32}$/);
    expect(thereId).not.toBe(hereId);
  });

  it('when reading a Patient by id in its facility, then it answers 200, and 404 not-found from another facility', async () => {
    await kit.get(`/FHIR/Patient/${ZZZ0016_ID}`).expect(200);
    const response = await kit.get(`/FHIR/Patient/${ZZZ0016_ID}`, OTHER_FACILITY).expect(404);
    expect(response.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
  });

  it('when Patient is searched without a filter or with another parameter, then it answers 403 Authorization failed.', async () => {
    for (const path of [
      '/FHIR/Patient',
      '/FHIR/Patient?name=Tapsell',
      `/FHIR/Patient?identifier=x&family=y`,
    ]) {
      const response = await kit.get(path).expect(403);
      expect(response.body.issue[0]).toMatchObject({
        code: 'forbidden',
        diagnostics: 'Authorization failed.',
      });
    }
  });

  it('when Location is listed, then it is the facility with its HPI facility id and name', async () => {
    const response = await kit.get('/FHIR/Location').expect(200);
    const location = response.body.entry[0].resource;
    expect(location.name).toBe('Healthier Care');
    expect(location.identifier[0]).toEqual(
      expect.objectContaining({
        system: 'https://standards.digital.health.nz/ns/hpi-facility-id',
        value: FACILITY,
      }),
    );
    const other = await kit.get('/FHIR/Location', OTHER_FACILITY).expect(200);
    expect(other.body.entry[0].resource.name).toBe('Emulator Second Practice');
  });

  it("when Practitioner is listed, then the facility's three seeded practitioners come back", async () => {
    const response = await kit.get('/FHIR/Practitioner').expect(200);
    const ids = response.body.entry.map((entry: { resource: { id: string } }) => entry.resource.id);
    expect(ids).toEqual(SEED.facilities[0].practitioners.map((p) => p.id));
    await kit.get(`/FHIR/Practitioner/${ids[0]}`).expect(200);
    await kit.get(`/FHIR/Practitioner/${ids[0]}`, OTHER_FACILITY).expect(404);
  });

  it('when metadata is read, then it is a valid R4 CapabilityStatement', async () => {
    const response = await kit.get('/FHIR/metadata').expect(200);
    expect(response.body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    expect(validateFhirResource(response.body)).toEqual({ valid: true });
  });

  it('when the lower-case /fhir/ base is used, then it is served like /FHIR/', async () => {
    await kit.get('/fhir/Location').expect(200);
  });
});
