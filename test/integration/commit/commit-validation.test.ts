import request from 'supertest';
import type { GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { SEED } from '../../../src/emulator';
import {
  CODES,
  COMMIT,
  DEFAULT_CONTEXT,
  MEDIA_ROUTE,
  OTHER_FACILITY,
  OTHER_PATIENT_ID,
  commit,
  commitBody,
  declareOnly,
  distinctJpeg,
  fhirCalls,
  stageFiles,
  startCommitGateway,
} from './commit-harness';

const paths = (body: { error: { details: Array<{ path: string }> } }) =>
  body.error.details.map((d) => d.path);

describe('commit: refused before ALEX is called', () => {
  let h: GatewayWithEmulator;
  let fileIds: string[];
  beforeAll(async () => {
    h = await startCommitGateway();
  });
  beforeEach(async () => {
    fileIds = await stageFiles(
      h.gateway.app,
      await Promise.all([1, 2].map((i) => distinctJpeg(i + Date.now()))),
    );
    h.emulator.state.resetJournal();
  });
  afterAll(() => h.close());

  it('when a body site code is not in the dictionary, then 400 VALIDATION_FAILED names files.0.meta.bodySite', async () => {
    const response = await commit(
      h.gateway.app,
      commitBody(fileIds, (index) =>
        index === 0 ? { meta: { bodySite: { ...CODES.forearm, code: '123456' } } } : {},
      ),
    ).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(paths(response.body)).toEqual(['files.0.meta.bodySite']);
    expect(fhirCalls(h.emulator)).toEqual([]);
  });

  it('when a laterality has the wrong system and a view is unknown, then one 400 names both fields', async () => {
    const response = await commit(
      h.gateway.app,
      commitBody(fileIds, (index) => ({
        meta:
          index === 0
            ? { bodySite: CODES.forearm, laterality: { ...CODES.left, system: 'http://loinc.org' } }
            : { view: { ...CODES.closeUp, code: 'panorama' } },
      })),
    ).expect(400);
    expect(paths(response.body)).toEqual(['files.0.meta.laterality', 'files.1.meta.view']);
    expect(fhirCalls(h.emulator)).toEqual([]);
  });

  it('when the caller sends a known code with another display, then ALEX gets the dictionary display', async () => {
    const [fileId] = fileIds;
    await commit(
      h.gateway.app,
      commitBody([fileId], () => ({
        meta: {
          bodySite: { ...CODES.forearm, display: 'Upper arm' },
          laterality: { ...CODES.left, display: 'L' },
        },
      })),
    ).expect(200);
    const [post] = fhirCalls(h.emulator, MEDIA_ROUTE);
    const media = post.body as fhir4.Media;
    expect(media.bodySite?.coding).toEqual([CODES.forearm]);
    expect(media.bodySite?.text).toBe('Left forearm');
  });

  it('when a file belongs to another patient, then 404 FILE_NOT_FOUND and no ALEX call', async () => {
    const [theirs] = await stageFiles(h.gateway.app, [await distinctJpeg(99)], {
      ...DEFAULT_CONTEXT,
      patientId: OTHER_PATIENT_ID,
    });
    const response = await commit(h.gateway.app, commitBody([fileIds[0], theirs])).expect(404);
    expect(response.body.error.code).toBe('FILE_NOT_FOUND');
    expect(paths(response.body)).toEqual(['files.1.fileId']);
    expect(fhirCalls(h.emulator)).toEqual([]);
  });

  it('when a file belongs to another facility or encounter, then 404 FILE_NOT_FOUND and no ALEX call', async () => {
    const otherPractice = SEED.facilities[1];
    const [elsewhere] = await stageFiles(h.gateway.app, [await distinctJpeg(98)], {
      encounterId: DEFAULT_CONTEXT.encounterId,
      patientId: otherPractice.patients[0].id,
      facilityId: OTHER_FACILITY,
    });
    const [otherEncounter] = await stageFiles(h.gateway.app, [await distinctJpeg(97)], {
      ...DEFAULT_CONTEXT,
      encounterId: 'enc-2',
    });
    for (const fileId of [elsewhere, otherEncounter, 'no-such-file']) {
      const response = await commit(h.gateway.app, commitBody([fileId])).expect(404);
      expect(response.body.error.code).toBe('FILE_NOT_FOUND');
    }
    expect(fhirCalls(h.emulator)).toEqual([]);
  });

  it('when one file is still awaiting upload, then 400 names it and the ready file is not committed either', async () => {
    const [pending] = await declareOnly(h.gateway.app, 1);
    const response = await commit(h.gateway.app, commitBody([fileIds[0], pending])).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(paths(response.body)).toEqual(['files.1.fileId']);
    expect(fhirCalls(h.emulator)).toEqual([]);
    expect((await h.gateway.services.staging.getFile(fileIds[0]))?.status).toBe('ready');
  });

  it('when the facility is not configured, then 403 FACILITY_NOT_ALLOWED', async () => {
    const response = await commit(h.gateway.app, {
      ...commitBody(fileIds),
      facilityId: 'NOT-MINE',
    }).expect(403);
    expect(response.body.error.code).toBe('FACILITY_NOT_ALLOWED');
    expect(fhirCalls(h.emulator)).toEqual([]);
  });

  it('when the body is malformed (11 files, a task without assignee, no API key), then a 4xx error envelope and no ALEX call', async () => {
    const eleven = commitBody(Array.from({ length: 11 }, (_, i) => `file-${i}`));
    const tooMany = await commit(h.gateway.app, eleven).expect(400);
    expect(tooMany.body.error.code).toBe('VALIDATION_FAILED');
    const noAssignee = await commit(
      h.gateway.app,
      commitBody([fileIds[0]], () => ({ alsoTask: { enabled: true } })),
    ).expect(400);
    expect(noAssignee.body.error.details.map((d: { path: string }) => d.path)).toContain(
      'files.0.alsoTask.assigneeId',
    );
    const anonymous = await request(h.gateway.app).post(COMMIT).send(commitBody(fileIds)).expect(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect(fhirCalls(h.emulator)).toEqual([]);
  });
});
