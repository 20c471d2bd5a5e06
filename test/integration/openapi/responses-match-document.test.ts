import sharp from 'sharp';
import request from 'supertest';
import { buildGateway, type Gateway } from '../../../src/bootstrap';
import { buildOpenApiDocument } from '../../../src/openapi';
import { captureLogs } from '../../helpers/log-capture';
import { authHeader, testConfig } from '../../helpers/test-config';
import { createDocumentValidator } from './document-validator';

const FACILITY = 'F2N060-E';
const PATIENT = '14e52e16edb7a435bfa05e307afd008b';
const ENCOUNTER = 'enc-openapi-1';
const ATTACHMENTS = '/api/integrations/medtech/attachments';
const MOBILE = '/api/integrations/medtech/mobile';

/**
 * The gateway's real answers, along the whole flow, checked against the OpenAPI document: a
 * status the document does not list, or a body that does not match its schema, fails here. This
 * is what keeps the description honest as controllers change.
 */
describe('the gateway answers as its OpenAPI document says', () => {
  let gateway: Gateway;
  let check: ReturnType<typeof createDocumentValidator>;
  const problems: string[] = [];
  const conforms = (method: string, path: string, response: request.Response) => {
    problems.push(...check(method, path, response));
    return response;
  };

  beforeAll(async () => {
    gateway = await buildGateway(testConfig(), captureLogs().logger);
    check = createDocumentValidator(buildOpenApiDocument(gateway.config));
  });

  afterAll(async () => {
    await gateway?.close();
  });

  beforeEach(() => {
    problems.length = 0;
  });

  it('when health, operations and capabilities are called, then every answer is documented and valid', async () => {
    const app = gateway.app;
    conforms('get', '/health/live', await request(app).get('/health/live'));
    conforms('get', '/health/ready', await request(app).get('/health/ready'));
    conforms(
      'get',
      '/api/medtech/token-info',
      await request(app).get('/api/medtech/token-info').set(authHeader),
    );
    conforms(
      'get',
      '/api/medtech/test',
      await request(app).get(`/api/medtech/test?facilityId=${FACILITY}`).set(authHeader),
    );
    const forbidden = await request(app).get('/api/medtech/test?facilityId=NOT-OURS').set(authHeader);
    conforms('get', '/api/medtech/test', forbidden);
    const capabilities = conforms(
      'get',
      '/api/integrations/medtech/capabilities',
      await request(app).get('/api/integrations/medtech/capabilities').set(authHeader),
    );
    const notModified = await request(app)
      .get('/api/integrations/medtech/capabilities')
      .set(authHeader)
      .set('If-None-Match', String(capabilities.headers.etag));
    conforms('get', '/api/integrations/medtech/capabilities', notModified);

    expect(problems).toEqual([]);
    expect([forbidden.status, notModified.status]).toEqual([403, 304]);
  });

  it('when a call has no credential, then its 401 is documented and valid for every /api operation', async () => {
    const calls: Array<[string, string, string]> = [
      ['get', '/api/medtech/token-info', '/api/medtech/token-info'],
      ['get', '/api/medtech/test', '/api/medtech/test'],
      ['get', '/api/integrations/medtech/capabilities', '/api/integrations/medtech/capabilities'],
      ['post', `${MOBILE}/initiate`, `${MOBILE}/initiate`],
      ['get', `${MOBILE}/sessions/{sessionId}`, `${MOBILE}/sessions/abc`],
      ['get', `${MOBILE}/session`, `${MOBILE}/session`],
      ['post', `${ATTACHMENTS}/upload-initiate`, `${ATTACHMENTS}/upload-initiate`],
      ['post', `${ATTACHMENTS}/uploads/{fileId}`, `${ATTACHMENTS}/uploads/abc`],
      ['get', `${ATTACHMENTS}/{fileId}/content`, `${ATTACHMENTS}/abc/content`],
      ['delete', `${ATTACHMENTS}/{fileId}`, `${ATTACHMENTS}/abc`],
      ['post', `${ATTACHMENTS}/commit`, `${ATTACHMENTS}/commit`],
    ];
    const statuses: number[] = [];
    for (const [method, template, url] of calls) {
      const agent = request(gateway.app) as unknown as Record<string, (url: string) => request.Test>;
      const response = await agent[method](url);
      statuses.push(response.status);
      conforms(method, template, response);
    }

    expect(problems).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([401]));
  });

  it('when a photo goes from the phone to Medtech, then every answer on the way is documented and valid', async () => {
    const app = gateway.app;
    const initiated = conforms(
      'post',
      `${MOBILE}/initiate`,
      await request(app)
        .post(`${MOBILE}/initiate`)
        .set(authHeader)
        .send({ encounterId: ENCOUNTER, patientId: PATIENT, facilityId: FACILITY }),
    );
    const token = new URL(initiated.body.mobileUploadUrl).searchParams.get('t') ?? '';
    const phone = { 'x-mobile-token': token };
    conforms('get', `${MOBILE}/session`, await request(app).get(`${MOBILE}/session`).set(phone));

    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c04040' } })
      .jpeg()
      .toBuffer();
    const declared = conforms(
      'post',
      `${ATTACHMENTS}/upload-initiate`,
      await request(app)
        .post(`${ATTACHMENTS}/upload-initiate`)
        .set(phone)
        .send({ files: [{ clientRef: 'photo-1.jpg', contentType: 'image/jpeg', sizeBytes: jpeg.length }] }),
    );
    const fileId = String(declared.body.files?.[0]?.fileId);
    const upload = () =>
      request(app)
        .post(`${ATTACHMENTS}/uploads/${fileId}`)
        .set(phone)
        .attach('file', jpeg, { filename: 'photo-1.jpg', contentType: 'image/jpeg' });
    const uploaded = conforms('post', `${ATTACHMENTS}/uploads/{fileId}`, await upload());
    const again = conforms('post', `${ATTACHMENTS}/uploads/{fileId}`, await upload());
    conforms(
      'get',
      `${MOBILE}/sessions/{sessionId}`,
      await request(app).get(`${MOBILE}/sessions/${initiated.body.sessionId}`).set(authHeader),
    );
    conforms(
      'get',
      `${ATTACHMENTS}/{fileId}/content`,
      await request(app)
        .get(`${ATTACHMENTS}/${fileId}/content?facilityId=${FACILITY}&variant=thumbnail`)
        .set(authHeader),
    );
    const commit = conforms(
      'post',
      `${ATTACHMENTS}/commit`,
      await request(app)
        .post(`${ATTACHMENTS}/commit`)
        .set(authHeader)
        .send({
          encounterId: ENCOUNTER,
          patientId: PATIENT,
          facilityId: FACILITY,
          files: [{ fileId, meta: { title: 'Test' } }],
        }),
    );
    const deleteCommitted = conforms(
      'delete',
      `${ATTACHMENTS}/{fileId}`,
      await request(app).delete(`${ATTACHMENTS}/${fileId}`).set(phone),
    );
    const missing = conforms(
      'get',
      `${ATTACHMENTS}/{fileId}/content`,
      await request(app).get(`${ATTACHMENTS}/no-such-file/content`).set(phone),
    );

    expect(problems).toEqual([]);
    expect([
      initiated.status,
      declared.status,
      uploaded.status,
      again.status,
      commit.status,
      deleteCommitted.status,
      missing.status,
    ]).toEqual([201, 201, 200, 409, 200, 409, 404]);
  });

  it('when a body is malformed JSON or names no facility, then the 400 is documented and valid', async () => {
    const malformed = await request(gateway.app)
      .post(`${ATTACHMENTS}/commit`)
      .set(authHeader)
      .set('Content-Type', 'application/json')
      .send('{"files": [');
    const noFacility = await request(gateway.app)
      .post(`${MOBILE}/initiate`)
      .set(authHeader)
      .send({ encounterId: ENCOUNTER, patientId: PATIENT });
    conforms('post', `${ATTACHMENTS}/commit`, malformed);
    conforms('post', `${MOBILE}/initiate`, noFacility);

    expect(problems).toEqual([]);
    expect([malformed.status, noFacility.status]).toEqual([400, 400]);
  });

  it('when the description and its explorer are asked for, then both answers are documented', async () => {
    conforms('get', '/openapi.json', await request(gateway.app).get('/openapi.json'));
    conforms('get', '/docs', await request(gateway.app).get('/docs'));

    expect(problems).toEqual([]);
  });
});
