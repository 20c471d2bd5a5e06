import { Journal } from '../../../src/emulator/journal';
import { FaultQueue } from '../../../src/emulator/faults';
import { FAULTS, routeKey, SEED, EmulatorState } from '../../../src/emulator';
import { parseCliArgs } from '../../../src/emulator/cli-args';
import {
  patientResource,
  practitionerResource,
  locationResource,
} from '../../../src/emulator/seed-resources';
import { validateFhirResource } from '../../../src/fhir/conformance';

const entry = (path: string) => ({
  at: new Date(0).toISOString(),
  atMs: 0,
  method: 'GET',
  path,
  route: 'GET /FHIR/Patient',
  headers: {},
  status: 200,
});

describe('emulator building blocks', () => {
  describe('route keys', () => {
    it.each([
      ['GET', '/FHIR/Patient', 'GET /FHIR/Patient'],
      ['GET', '/FHIR/Patient/abc', 'GET /FHIR/Patient'],
      ['post', '/fhir/Media', 'POST /FHIR/Media'],
      ['GET', '/FHIR/metadata', 'GET /FHIR/metadata'],
      ['POST', '/emulator-tenant/oauth2/v2.0/token', 'POST /token'],
      ['GET', '/health', 'GET /health'],
    ])('when %s %s arrives, then its route key is %s', (method, path, key) => {
      expect(routeKey(method, path)).toBe(key);
    });
  });

  describe('journal', () => {
    it('when more than its capacity is recorded, then only the last entries are kept and seq keeps counting', () => {
      const journal = new Journal(10);
      for (let i = 1; i <= 1000; i += 1) journal.record(entry(`/p${i}`));

      const kept = journal.list();
      expect(kept).toHaveLength(10);
      expect(kept[0].seq).toBe(991);
      expect(kept[9].path).toBe('/p1000');
      expect(journal.list(998).map((e) => e.seq)).toEqual([999, 1000]);
    });

    it('when cleared, then it is empty and seq does not restart', () => {
      const journal = new Journal();
      journal.record(entry('/a'));
      journal.clear();
      expect(journal.list()).toEqual([]);
      expect(journal.record(entry('/b')).seq).toBe(2);
    });
  });

  describe('fault queue', () => {
    it('when a fault has a count, then it applies that many times to its route only, first declared first', () => {
      const queue = new FaultQueue();
      queue.add(FAULTS.practiceOffline('POST /FHIR/Media', 2));
      queue.add(FAULTS.serverError('POST /FHIR/Media'));

      expect(queue.take('GET /FHIR/Patient')).toBeUndefined();
      expect(queue.take('POST /FHIR/Media')?.status).toBe(503);
      expect(queue.take('POST /FHIR/Media')?.status).toBe(503);
      expect(queue.take('POST /FHIR/Media')?.status).toBe(500);
      expect(queue.take('POST /FHIR/Media')).toBeUndefined();
    });

    it('when a fault targets *, then it applies to FHIR routes but not to the token endpoint', () => {
      const queue = new FaultQueue();
      queue.add(FAULTS.drop('*'));
      expect(queue.take('POST /token')).toBeUndefined();
      expect(queue.take('GET /FHIR/Location')?.kind).toBe('drop');
    });

    it("when presets are built, then they carry ALEX's bodies and headers", () => {
      expect(FAULTS.practiceOffline('*').body).toEqual({
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'exception',
            diagnostics: 'Cannot establish connection to the facility. Please try again later.',
          },
        ],
      });
      expect(FAULTS.rateLimited('*', '3').headers).toEqual({ 'Retry-After': '3' });
      expect(FAULTS.rateLimited('*').headers).toEqual({});
    });
  });

  describe('state', () => {
    it("when latency is set for * and for a route, then the route's own value wins and * skips the token endpoint", () => {
      const state = new EmulatorState({ latencyMs: 50 });
      state.setLatency('POST /FHIR/Media', 10);
      expect(state.latencyFor('GET /FHIR/Patient')).toBe(50);
      expect(state.latencyFor('POST /FHIR/Media')).toBe(10);
      expect(state.latencyFor('POST /token')).toBe(0);

      state.reset();
      expect(state.latencyFor('POST /FHIR/Media')).toBe(50);
    });

    it('when given a negative latency or lifetime, then it refuses', () => {
      const state = new EmulatorState();
      expect(() => state.setLatency('*', -1)).toThrow(RangeError);
      expect(() => state.setTokenLifetime(-5)).toThrow(RangeError);
    });
  });

  describe('seed', () => {
    it('when the seed is read, then ids are 32 lower-case hex and unique, and ZZZ0016 has the UAT id in F2N060-E', () => {
      const ids = SEED.facilities.flatMap((f) => [
        f.locationId,
        ...f.patients.map((p) => p.id),
        ...f.practitioners.map((p) => p.id),
      ]);
      expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      const uat = SEED.facilities.find((f) => f.facilityId === 'F2N060-E');
      expect(uat?.name).toBe('Healthier Care');
      expect(uat?.patients.find((p) => p.nhi === 'ZZZ0016')?.id).toBe('14e52e16edb7a435bfa05e307afd008b');
      expect(SEED.facilities.map((f) => f.patients.map((p) => p.nhi))).toEqual([
        ['ZZZ0016', 'ZZZ0024', 'ZZZ0032', 'ZZZ0040'],
        ['ZZZ0016', 'ZZZ0024', 'ZZZ0032', 'ZZZ0040'],
      ]);
    });

    it('when seed rows become FHIR resources, then every one is valid R4', () => {
      for (const facility of SEED.facilities) {
        expect(validateFhirResource(locationResource(facility))).toEqual({ valid: true });
        for (const p of facility.patients)
          expect(validateFhirResource(patientResource(p))).toEqual({ valid: true });
        for (const p of facility.practitioners) {
          expect(validateFhirResource(practitionerResource(p))).toEqual({ valid: true });
        }
      }
    });

    it('when someone tries to change the seed, then it is frozen', () => {
      expect(Object.isFrozen(SEED.facilities[0].patients[0])).toBe(true);
    });
  });

  describe('command line', () => {
    it('when flags are given in both spellings, then they are parsed', () => {
      expect(
        parseCliArgs(['--port=5000', '--host', '0.0.0.0', '--strict-app-id', '--latency-ms', '1500']),
      ).toEqual({
        port: 5000,
        host: '0.0.0.0',
        strictAppId: true,
        latencyMs: 1500,
        help: false,
      });
    });

    it('when no port flag is given, then EMULATOR_PORT, else 4010, is used', () => {
      expect(parseCliArgs([], '4321').port).toBe(4321);
      expect(parseCliArgs([]).port).toBe(4010);
    });

    it.each([[['--port', 'abc']], [['--port']], [['--nope']], [['--port', '70000']]])(
      'when given %j, then it throws a readable error',
      (argv) => {
        expect(() => parseCliArgs(argv)).toThrow(/port|unknown option|needs a value/);
      },
    );
  });
});
