import { createHash } from 'node:crypto';
import request from 'supertest';
import { commitResponse } from '../../../src/schemas/commit';
import type { GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { corpusFile, describeWithCorpus } from '../../helpers/photo-corpus';
import { declareFromPhone, phone } from '../sessions/harness';
import {
  ATTACHMENTS,
  CODES,
  COMMUNICATION_ROUTE,
  DR_RUAWAI,
  FACILITY,
  MEDIA_ROUTE,
  MOBILE,
  NURSE_PEMBERTON,
  PATIENT_ID,
  TASK_ROUTE,
  authHeader,
  commit,
  commitBody,
  distinctJpeg,
  fhirCalls,
  identifierOf,
  nonConformantBodies,
  stageFiles,
  stagedContent,
  startCommitGateway,
} from './commit-harness';

const LATERALITY_URL = 'https://clinicpro.co.nz/fhir/StructureDefinition/laterality';
const IMAGE_TYPE_URL = 'https://clinicpro.co.nz/fhir/StructureDefinition/image-type';
const PHOTOS = ['jolla.jpg', 'DSCN0010.jpg', 'iphone_hdr_YES.jpg'];
const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('base64');

describeWithCorpus('commit of real phone photos', () => {
  let h: GatewayWithEmulator;
  beforeEach(async () => {
    h = await startCommitGateway();
  });
  afterEach(() => h.close());

  it('when three real photos are committed, one with inbox and task, then ALEX receives exactly the staged JPEGs with their metadata', async () => {
    const fileIds = await stageFiles(h.gateway.app, PHOTOS.map(corpusFile));
    const staged = await Promise.all(
      fileIds.map(async (fileId) => (await stagedContent(h.gateway.app, fileId).expect(200)).body as Buffer),
    );
    const meta = {
      title: 'Left forearm lesion',
      label: 'A',
      bodySite: CODES.forearm,
      laterality: CODES.left,
      view: CODES.closeUp,
      type: CODES.lesion,
    };
    const response = await commit(
      h.gateway.app,
      commitBody(fileIds, (index) =>
        index === 0
          ? {
              meta,
              alsoInbox: { enabled: true, recipientId: DR_RUAWAI, note: 'Please review' },
              alsoTask: { enabled: true, assigneeId: NURSE_PEMBERTON, due: '2026-12-01', note: 'Follow up' },
            }
          : { meta },
      ),
    ).expect(200);

    const results = response.body.files;
    expect(commitResponse.safeParse(response.body).success).toBe(true);
    expect(response.body.correlationId).toBe(response.headers['x-correlation-id']);
    expect(results.map((r: { fileId: string }) => r.fileId)).toEqual(fileIds);
    for (const result of results) {
      expect(result).toMatchObject({
        status: 'committed',
        documentReferenceId: null,
        replayed: false,
        warnings: [],
      });
    }
    expect(results[1]).toMatchObject({ inboxMessageId: null, taskId: null });

    const posts = fhirCalls(h.emulator, MEDIA_ROUTE);
    expect(posts).toHaveLength(3);
    expect(posts.every((post) => post.status === 201)).toBe(true);
    const identifiers = posts.map(identifierOf);
    expect(identifiers.every((value) => typeof value === 'string' && value.length > 0)).toBe(true);
    expect(new Set(identifiers).size).toBe(3);

    const created = h.emulator.state.createdResources('Media') as fhir4.Media[];
    expect(created.map((m) => m.id).sort()).toEqual(
      results.map((r: { mediaId: string }) => r.mediaId).sort(),
    );
    results.forEach((result: { mediaId: string }, index: number) => {
      const media = created.find((m) => m.id === result.mediaId) as fhir4.Media;
      const sent = posts.find((post) => identifierOf(post) === media.identifier?.[0].value);
      const body = sent?.body as fhir4.Media;
      expect(Buffer.from(media.content.data ?? '', 'base64').equals(staged[index])).toBe(true);
      expect(body.content.hash).toBe(sha1(staged[index]));
      expect(body.content.size).toBe(staged[index].length);
      expect(body.content.contentType).toBe('image/jpeg');
      expect(body.content.title).toBe('Left forearm lesion');
      expect(body.subject).toEqual({ reference: `Patient/${PATIENT_ID}` });
      expect(body.bodySite?.coding).toEqual([CODES.forearm]);
      expect(body.bodySite?.text).toBe('Left forearm');
      expect(body.bodySite?.extension).toEqual([
        { url: LATERALITY_URL, valueCodeableConcept: { coding: [CODES.left] } },
      ]);
      expect(body.view?.coding).toEqual([CODES.closeUp]);
      expect(body.extension?.find((e) => e.url === IMAGE_TYPE_URL)?.valueCodeableConcept?.coding).toEqual([
        CODES.lesion,
      ]);
      expect(body.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+1[23]:00$/);
      expect(body.width).toBeGreaterThan(0);
      expect(body.height).toBeGreaterThan(0);
    });

    const [communication] = h.emulator.state.createdResources('Communication') as fhir4.Communication[];
    const [task] = h.emulator.state.createdResources('Task') as fhir4.Task[];
    expect(fhirCalls(h.emulator, COMMUNICATION_ROUTE)).toHaveLength(1);
    expect(fhirCalls(h.emulator, TASK_ROUTE)).toHaveLength(1);
    expect(communication.payload?.[0].contentReference?.reference).toBe(`Media/${results[0].mediaId}`);
    expect(communication.recipient).toEqual([{ reference: `Practitioner/${DR_RUAWAI}` }]);
    expect(task.focus?.reference).toBe(`Media/${results[0].mediaId}`);
    expect(task.owner).toEqual({ reference: `Practitioner/${NURSE_PEMBERTON}` });
    expect(task.restriction?.period?.end).toBe('2026-12-01');
    expect(results[0]).toMatchObject({ inboxMessageId: communication.id, taskId: task.id });

    const everyPost = fhirCalls(h.emulator).filter((entry) => entry.method === 'POST');
    expect(everyPost.every((entry) => identifierOf(entry))).toBe(true);
    expect(new Set(everyPost.map((entry) => entry.headers['mt-correlationid']))).toEqual(
      new Set([response.body.correlationId]),
    );
    expect(new Set(everyPost.map(identifierOf)).size).toBe(everyPost.length);
    expect(nonConformantBodies(h.emulator)).toEqual([]);
  });
});

describe('commit: what is left behind', () => {
  let h: GatewayWithEmulator;
  beforeEach(async () => {
    h = await startCommitGateway();
  });
  afterEach(() => h.close());

  it('when phone photos are committed, then their staged bytes are gone and the session view shows them committed', async () => {
    const app = h.gateway.app;
    const started = await request(app)
      .post(`${MOBILE}/initiate`)
      .set(authHeader)
      .send({ encounterId: 'enc-9', patientId: PATIENT_ID, facilityId: FACILITY })
      .expect(201);
    const token = new URL(started.body.mobileUploadUrl).searchParams.get('t') ?? '';
    const declared = await declareFromPhone(app, token, [{ clientRef: 'a' }, { clientRef: 'b' }]);
    for (const [index, file] of declared.entries()) {
      await request(app)
        .post(file.uploadUrl)
        .set(phone(token))
        .attach('file', await distinctJpeg(index + 1), { filename: 'p.jpg', contentType: 'image/jpeg' })
        .expect(200);
    }
    const fileIds = declared.map((file) => file.fileId);
    await stagedContent(app, fileIds[0]).expect(200);

    await commit(
      app,
      commitBody(fileIds, () => ({}), { encounterId: 'enc-9', patientId: PATIENT_ID, facilityId: FACILITY }),
    ).expect(200);

    for (const fileId of fileIds) {
      const gone = await stagedContent(app, fileId).expect(404);
      expect(gone.headers['content-type']).toMatch(/json/);
      expect(await h.gateway.store.getBytes(`staging:bytes:${fileId}`)).toBeUndefined();
      expect(await h.gateway.services.staging.getBytes(fileId)).toBeUndefined();
    }
    const view = await request(app)
      .get(`${MOBILE}/sessions/${started.body.sessionId}`)
      .set(authHeader)
      .expect(200);
    expect(view.body.files.map((f: { status: string }) => f.status)).toEqual(['committed', 'committed']);
    const removal = await request(app)
      .delete(`${ATTACHMENTS}/${fileIds[0]}`)
      .query({ facilityId: FACILITY })
      .set(authHeader)
      .expect(409);
    expect(removal.body.error.code).toEqual(expect.any(String));
  });

  it('when files with every kind of metadata are committed, then every resource sent to ALEX validates against FHIR R4', async () => {
    const app = h.gateway.app;
    const fileIds = await stageFiles(app, await Promise.all([1, 2, 3, 4].map((i) => distinctJpeg(i))));
    const metas = [
      {},
      { bodySite: CODES.chest, laterality: CODES.notApplicable },
      {
        bodySite: CODES.upperArm,
        laterality: CODES.right,
        view: CODES.closeUp,
        type: CODES.lesion,
        label: 'B',
      },
      { title: 'Rash', type: CODES.lesion },
    ];
    await commit(
      app,
      commitBody(fileIds, (index) => ({
        meta: metas[index],
        alsoInbox: { enabled: index % 2 === 0, recipientId: DR_RUAWAI },
        alsoTask: {
          enabled: index > 1,
          assigneeId: NURSE_PEMBERTON,
          ...(index === 3 && { due: '2027-01-31' }),
        },
      })),
    ).expect(200);
    expect(fhirCalls(h.emulator, MEDIA_ROUTE)).toHaveLength(4);
    expect(fhirCalls(h.emulator, COMMUNICATION_ROUTE)).toHaveLength(2);
    expect(fhirCalls(h.emulator, TASK_ROUTE)).toHaveLength(2);
    expect(nonConformantBodies(h.emulator)).toEqual([]);
    const chest = fhirCalls(h.emulator, MEDIA_ROUTE)
      .map((entry) => entry.body as fhir4.Media)
      .find((media) => media.bodySite?.coding?.[0].code === CODES.chest.code);
    expect(chest?.bodySite?.text).toBe('Chest');
  });
});
