import request from 'supertest';
import { PDFDocument } from 'pdf-lib';
import { FAULTS } from '../../../src/emulator';
import type { GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import {
  DR_RUAWAI,
  FACILITY,
  MEDIA_ROUTE,
  PATIENT_ID,
  authHeader,
  commit,
  commitBody,
  distinctJpeg,
  fhirCalls,
  identifierOf,
  nonConformantBodies,
  stageFiles,
  startCommitGateway,
  waitForCommitStatus,
} from './commit-harness';

const DOCUMENT_ROUTE = 'POST /FHIR/DocumentReference';
const FAST_WRITES = {
  ALEX_WRITE_TIMEOUT_MS: '500',
  ALEX_WRITE_SETTLE_SECONDS: '1',
  ALEX_TIMEOUT_MS: '500',
  ALEX_DEADLINE_MS: '3000',
};

const documents = (h: GatewayWithEmulator) =>
  h.emulator.state.createdResources('DocumentReference') as fhir4.DocumentReference[];

describe('commit: write targets (Media, Inbox Scan, both)', () => {
  let h: GatewayWithEmulator | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('when a commit asks for target scan, then one DocumentReference with a PDF of the staged JPEG is written and no Media', async () => {
    h = await startCommitGateway();
    const app = h.gateway.app;
    const jpeg = await distinctJpeg(31);
    const [fileId] = await stageFiles(app, [jpeg]);

    const response = await commit(app, { ...commitBody([fileId]), target: 'scan' }).expect(200);

    const [document] = documents(h);
    expect(response.body.files[0]).toMatchObject({
      status: 'committed',
      mediaId: null,
      documentReferenceId: document.id,
    });
    expect(h.emulator.state.createdResources('Media')).toEqual([]);
    const attachment = document.content[0].attachment;
    expect(attachment.contentType).toBe('application/pdf');
    const pdf = await PDFDocument.load(Buffer.from(attachment.data ?? '', 'base64'));
    expect(pdf.getPageCount()).toBe(1);
    expect(document.subject?.reference).toBe(
      `${h.emulator.fhirBaseUrl.replace('/FHIR', '/fhir')}/Patient/${PATIENT_ID}`,
    );
    expect(nonConformantBodies(h.emulator)).toEqual([]);
    const replay = await commit(app, { ...commitBody([fileId]), target: 'scan' }).expect(200);
    expect(replay.body.files[0]).toMatchObject({ replayed: true, documentReferenceId: document.id });
  });

  it('when a commit asks for both with an inbox message, then the Media comes first, then the document, and the message points at the Media', async () => {
    h = await startCommitGateway();
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(32)]);

    const response = await commit(app, {
      ...commitBody([fileId], () => ({ alsoInbox: { enabled: true, recipientId: DR_RUAWAI } })),
      target: 'both',
    }).expect(200);

    const [media] = h.emulator.state.createdResources('Media') as fhir4.Media[];
    const [document] = documents(h);
    const [message] = h.emulator.state.createdResources('Communication') as fhir4.Communication[];
    expect(response.body.files[0]).toMatchObject({
      status: 'committed',
      mediaId: media.id,
      documentReferenceId: document.id,
      inboxMessageId: message.id,
    });
    expect(message.payload?.[0].contentReference?.reference).toBe(`Media/${media.id}`);
    const writes = fhirCalls(h.emulator)
      .filter((entry) => entry.method === 'POST')
      .map((entry) => entry.route);
    expect(writes).toEqual([MEDIA_ROUTE, DOCUMENT_ROUTE, 'POST /FHIR/Communication']);
  });

  it('when a later commit names another target than the first, then 400 names target and nothing more is written', async () => {
    h = await startCommitGateway();
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(33)]);
    await commit(app, commitBody([fileId])).expect(200);

    const response = await commit(app, { ...commitBody([fileId]), target: 'scan' }).expect(400);

    expect(response.body.error.details).toContainEqual(expect.objectContaining({ path: 'target' }));
    expect(documents(h)).toEqual([]);
  });

  it('when a later commit names other tags than the first, then 400 names files.0.meta; the same tags in another key order replay', async () => {
    h = await startCommitGateway();
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(37)]);
    const first = commitBody([fileId]);
    await commit(app, first).expect(200);
    const meta = first.files[0].meta as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(meta).reverse());

    const changed = await commit(
      app,
      commitBody([fileId], () => ({ meta: { title: 'Another title' } })),
    ).expect(400);
    const same = await commit(
      app,
      commitBody([fileId], () => ({ meta: reordered })),
    ).expect(200);

    expect(changed.body.error.details).toContainEqual(expect.objectContaining({ path: 'files.0.meta' }));
    expect(same.body.files[0]).toMatchObject({ status: 'committed', replayed: true });
  });

  it('when an ambiguous Scan write is followed by an allowed look-up, then the document is adopted: one DocumentReference', async () => {
    h = await startCommitGateway(FAST_WRITES);
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(34)]);
    h.emulator.state.failNext(FAULTS.errorAfterWrite(DOCUMENT_ROUTE, 502));

    await commit(app, { ...commitBody([fileId]), target: 'scan' }).expect(202);

    const view = await waitForCommitStatus(app, fileId, 'committed');
    expect(documents(h).map((d) => d.id)).toEqual([view.commit.documentReferenceId]);
  });

  it('when ALEX refuses the DocumentReference look-up after an ambiguous write, then the file is DELIVERY_UNCERTAIN and only resend writes it again, same identifier', async () => {
    h = await startCommitGateway(FAST_WRITES);
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(35)]);
    h.emulator.state.setDocumentReferenceSearch('forbidden');
    h.emulator.state.failNext(FAULTS.drop(DOCUMENT_ROUTE));
    const body = { ...commitBody([fileId]), target: 'scan' };

    await commit(app, body).expect(202);
    const view = await waitForCommitStatus(app, fileId, 'error');
    expect(view.commit.error).toMatchObject({ code: 'DELIVERY_UNCERTAIN', resendable: true });
    expect(fhirCalls(h.emulator, DOCUMENT_ROUTE)).toHaveLength(1);

    const resent = await commit(
      app,
      commitBody([fileId], () => ({ resend: true })),
    ).expect(400);
    expect(resent.body.error.details).toContainEqual(expect.objectContaining({ path: 'target' }));
    const again = await commit(app, {
      ...commitBody([fileId], () => ({ resend: true })),
      target: 'scan',
    }).expect(200);

    expect(again.body.files[0]).toMatchObject({
      status: 'committed',
      documentReferenceId: expect.any(String),
    });
    const posts = fhirCalls(h.emulator, DOCUMENT_ROUTE);
    expect(posts).toHaveLength(2);
    expect(identifierOf(posts[1])).toBe(identifierOf(posts[0]));
  });

  it('when a file is committed, then the audit trail has one alex.create naming the Media, and no NHI or name', async () => {
    h = await startCommitGateway();
    const app = h.gateway.app;
    const [fileId] = await stageFiles(app, [await distinctJpeg(36)]);
    const committed = await commit(app, commitBody([fileId])).expect(200);

    const audit = await request(app)
      .get('/api/integrations/medtech/audit')
      .query({ facilityId: FACILITY, patientId: PATIENT_ID })
      .set(authHeader)
      .expect(200);

    const creates = (audit.body.records as Array<Record<string, unknown>>).filter(
      (record) => record.action === 'alex.create' && record.fileId === fileId,
    );
    expect(creates).toEqual([
      expect.objectContaining({
        outcome: 'success',
        resource: { type: 'Media', id: committed.body.files[0].mediaId },
        facilityId: FACILITY,
        patientId: PATIENT_ID,
      }),
    ]);
    expect(JSON.stringify(audit.body)).not.toMatch(/ZZZ0016/);
  });
});
