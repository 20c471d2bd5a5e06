import request from 'supertest';
import { assembleGateway, type Gateway } from '../../../src/bootstrap';
import { validateFhirResource } from '../../../src/fhir/conformance';
import { apiKeyId, verifyAudit } from '../../../src/observability';
import type { AuditRecord } from '../../../src/schemas/audit';
import { createMemoryStore } from '../../../src/stores/memory-store';
import { captureLogs } from '../../helpers/log-capture';
import { TEST_API_KEY, authHeader, testConfig } from '../../helpers/test-config';
import {
  ATTACHMENTS,
  FACILITY,
  MOBILE,
  OTHER_FACILITY,
  PATIENT_NAME,
  PATIENT_NHI,
  declareFromPhone,
  gpsJpeg,
  phone,
  startSession,
} from '../sessions/harness';

jest.setTimeout(60_000);

describe('audited actions, end to end through the gateway (memory store, day files)', () => {
  let gateway: Gateway;
  let config: ReturnType<typeof testConfig>;
  const records = () => gateway.audit.read({});
  const since = async (count: number) => (await records()).slice(count);

  beforeAll(() => {
    config = testConfig({ MEDTECH_FACILITY_IDS: `${FACILITY},${OTHER_FACILITY}` });
    gateway = assembleGateway(config, captureLogs('error').logger, {
      store: createMemoryStore(),
      defaultMetrics: false,
    });
  });
  afterAll(async () => {
    await gateway.close();
    await gateway.store.close();
  });

  it('when a session is started, then exactly one session.create names the API key by keyId only', async () => {
    const before = (await records()).length;
    const started = await startSession(gateway.app, 'enc-a');

    const written = await since(before);
    expect(written).toHaveLength(1);
    expect(written[0]).toEqual({
      id: expect.any(String),
      recorded: expect.any(String),
      action: 'session.create',
      outcome: 'success',
      actor: { type: 'api-key', keyId: apiKeyId(TEST_API_KEY) },
      facilityId: FACILITY,
      patientId: 'pat-1',
      encounterId: 'enc-a',
      sessionId: started.sessionId,
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(written)).not.toContain(TEST_API_KEY);
  });

  it('when a newer QR code replaces a session, then one session.create and one session.revoke are written', async () => {
    const first = await startSession(gateway.app, 'enc-b');
    const before = (await records()).length;

    const second = await startSession(gateway.app, 'enc-b');

    const written = await since(before);
    expect(written.map((r) => [r.action, r.sessionId])).toEqual([
      ['session.create', second.sessionId],
      ['session.revoke', first.sessionId],
    ]);
  });

  it('when the phone uploads and the desktop reads, thumbnails and deletes, then each call writes one record', async () => {
    const started = await startSession(gateway.app, 'enc-c');
    const jpeg = await gpsJpeg(800, 600);
    const [file] = await declareFromPhone(gateway.app, started.token, [
      { clientRef: 'p1', sizeBytes: jpeg.length },
    ]);
    const before = (await records()).length;

    const uploaded = await request(gateway.app)
      .post(file.uploadUrl)
      .set(phone(started.token))
      .attach('file', jpeg, { filename: 'p.jpg', contentType: 'image/jpeg' })
      .expect(200);
    await request(gateway.app)
      .get(`${ATTACHMENTS}/${file.fileId}/content?facilityId=${FACILITY}`)
      .set(authHeader)
      .expect(200);
    await request(gateway.app)
      .get(`${ATTACHMENTS}/${file.fileId}/content`)
      .query({ variant: 'thumbnail' })
      .set(phone(started.token))
      .expect(200);
    await request(gateway.app)
      .delete(`${ATTACHMENTS}/${file.fileId}?facilityId=${FACILITY}`)
      .set(authHeader)
      .expect(204);
    await request(gateway.app)
      .get(`${ATTACHMENTS}/${file.fileId}/content?facilityId=${FACILITY}`)
      .set(authHeader)
      .expect(404);

    const written = await since(before);
    expect(written.map((r) => [r.action, r.outcome, r.actor.type])).toEqual([
      ['file.upload', 'success', 'phone'],
      ['file.read', 'success', 'api-key'],
      ['file.read', 'success', 'phone'],
      ['file.delete', 'success', 'api-key'],
    ]);
    for (const record of written) {
      expect(record).toMatchObject({
        facilityId: FACILITY,
        patientId: 'pat-1',
        encounterId: 'enc-c',
        sessionId: started.sessionId,
        fileId: file.fileId,
        sha256: uploaded.body.sha256,
      });
    }
  });

  it('when records were written, then the chain verifies and none holds the patient name or NHI', async () => {
    const all = await records();
    expect(all.length).toBeGreaterThanOrEqual(8);
    const text = JSON.stringify(all);
    expect(text).not.toContain(PATIENT_NAME);
    expect(text).not.toContain(PATIENT_NHI);
    expect(await verifyAudit({ dir: config.observability.auditDir })).toEqual({
      ok: true,
      records: all.length,
    });
  });

  it('when the audit endpoint is asked for one patient, then it answers that patient, newest first', async () => {
    const response = await request(gateway.app)
      .get('/api/integrations/medtech/audit')
      .query({ facilityId: FACILITY, patientId: 'pat-1', limit: 3 })
      .set(authHeader)
      .expect(200);

    const got = response.body.records as AuditRecord[];
    expect(got).toHaveLength(3);
    expect(got[0]!.action).toBe('file.delete');
    expect(got.every((r) => r.patientId === 'pat-1')).toBe(true);
    expect(got[0]!.recorded >= got[2]!.recorded).toBe(true);
  });

  it('when the audit endpoint is asked for FHIR, then it is a Bundle of AuditEvent valid against the R4 schema', async () => {
    const response = await request(gateway.app)
      .get('/api/integrations/medtech/audit')
      .query({ facilityId: FACILITY, format: 'fhir' })
      .set(authHeader)
      .expect(200);

    const bundle = JSON.parse(response.text) as fhir4.Bundle;
    expect(response.headers['content-type']).toContain('application/fhir+json');
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry!.length).toBeGreaterThan(0);
    expect(validateFhirResource(bundle)).toEqual({ valid: true });
    for (const entry of bundle.entry!) expect(validateFhirResource(entry.resource)).toEqual({ valid: true });
  });

  it('when the audit endpoint is called without a key or for another practice, then it refuses', async () => {
    await request(gateway.app)
      .get('/api/integrations/medtech/audit')
      .query({ facilityId: FACILITY })
      .expect(401);
    const other = await request(gateway.app)
      .get('/api/integrations/medtech/audit')
      .query({ facilityId: 'ZZ0000-Z' })
      .set(authHeader);
    expect(other.status).toBe(403);
  });

  it('when the phone opens its session page, then nothing is audited (not a clinical action)', async () => {
    const started = await startSession(gateway.app, 'enc-d');
    const before = (await records()).length;
    await request(gateway.app).get(`${MOBILE}/session`).set(phone(started.token)).expect(200);
    expect(await since(before)).toEqual([]);
  });
});
