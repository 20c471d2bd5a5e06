import { loadClassicScript } from './classic-script';

/* eslint-disable @typescript-eslint/no-explicit-any -- the page script is untyped JavaScript */
const core = loadClassicScript('demo/demo-core.js').DemoCore as any;

const SNOMED = 'http://snomed.info/sct';
const VIEW = 'https://clinicpro.co.nz/fhir/CodeSystem/image-view';
const TYPE = 'https://clinicpro.co.nz/fhir/CodeSystem/image-type';
const CAPABILITIES = {
  provider: { name: 'alex', environment: 'emulator' },
  features: {
    images: {
      quickChips: {
        laterality: [
          { system: SNOMED, code: '7771000', display: 'Left' },
          { system: SNOMED, code: '24028007', display: 'Right' },
        ],
        bodySitesCommon: [{ system: SNOMED, code: '14975008', display: 'Forearm' }],
        views: [{ system: VIEW, code: 'close-up', display: 'Close-up' }],
        types: [{ system: TYPE, code: 'lesion', display: 'Lesion' }],
      },
    },
  },
};
const CONTEXT = { encounterId: 'enc-1', patientId: 'pat-1', facilityId: 'F2N060-E', providerId: 'prac-1' };

describe('demo page helpers (demo-core.js)', () => {
  it('when every field is filled, then the commit body is the one GATEWAY-API.md fixes', () => {
    const files = [
      {
        fileId: 'file-1',
        sha256: 'ab12',
        form: {
          title: ' Left forearm lesion ',
          label: 'A',
          bodySite: '14975008',
          laterality: '7771000',
          view: 'close-up',
          type: 'lesion',
          inbox: { enabled: true, recipientId: 'prac-2', note: 'Please review' },
          task: { enabled: true, assigneeId: 'prac-3', due: '2026-12-01', note: 'Follow up' },
        },
      },
    ];

    const body = core.buildCommitBody(CONTEXT, files, CAPABILITIES);

    expect(JSON.parse(JSON.stringify(body))).toEqual({
      encounterId: 'enc-1',
      patientId: 'pat-1',
      facilityId: 'F2N060-E',
      providerId: 'prac-1',
      files: [
        {
          fileId: 'file-1',
          meta: {
            title: 'Left forearm lesion',
            label: 'A',
            bodySite: { system: SNOMED, code: '14975008', display: 'Forearm' },
            laterality: { system: SNOMED, code: '7771000', display: 'Left' },
            view: { system: VIEW, code: 'close-up', display: 'Close-up' },
            type: { system: TYPE, code: 'lesion', display: 'Lesion' },
          },
          alsoInbox: { enabled: true, recipientId: 'prac-2', note: 'Please review' },
          alsoTask: { enabled: true, assigneeId: 'prac-3', due: '2026-12-01', note: 'Follow up' },
          idempotencyKey: 'enc-1:sha256:ab12',
        },
      ],
    });
  });

  it('when optional fields are empty or unknown, then they are left out rather than sent blank', () => {
    const files = [
      {
        fileId: 'file-2',
        form: {
          title: '',
          label: 'B',
          bodySite: '',
          laterality: '99999',
          view: '',
          type: 'lesion',
          inbox: { enabled: false, recipientId: 'prac-2' },
          task: { enabled: true, assigneeId: 'prac-3', due: '', note: '' },
        },
      },
    ];

    const [entry] = JSON.parse(JSON.stringify(core.buildCommitBody(CONTEXT, files, CAPABILITIES))).files;

    expect(entry.meta).toEqual({ label: 'B', type: { system: TYPE, code: 'lesion', display: 'Lesion' } });
    expect(entry).not.toHaveProperty('alsoInbox');
    expect(entry.alsoTask).toEqual({ enabled: true, assigneeId: 'prac-3' });
    expect(entry.idempotencyKey).toBe('enc-1:file:file-2');
  });

  it('when no provider is typed, then providerId is left out', () => {
    const body = core.buildCommitBody({ ...CONTEXT, providerId: ' ' }, [], CAPABILITIES);

    expect(body).not.toHaveProperty('providerId');
  });

  it('when the same file is committed twice, then the idempotency key is the same', () => {
    const file = { fileId: 'file-1', sha256: 'ab12' };

    expect(core.idempotencyKey('enc-1', file)).toBe(core.idempotencyKey('enc-1', { ...file }));
    expect(core.idempotencyKey('enc-2', file)).not.toBe(core.idempotencyKey('enc-1', file));
  });

  it.each([
    [
      { fileId: 'f1', thumbnailUrl: '/api/x/f1/content?variant=thumbnail' },
      '/api/x/f1/content?variant=thumbnail&facilityId=F2N060-E',
    ],
    [
      { fileId: 'f1', thumbnailUrl: '/api/x/f1/content?variant=thumbnail&facilityId=OTHER' },
      '/api/x/f1/content?variant=thumbnail&facilityId=OTHER',
    ],
    [
      { fileId: 'f 1' },
      '/api/integrations/medtech/attachments/f%201/content?variant=thumbnail&facilityId=F2N060-E',
    ],
    [
      { fileId: 'f1', thumbnailUrl: 'https://gw.example/t/f1' },
      'https://gw.example/t/f1?facilityId=F2N060-E',
    ],
  ])('when the thumbnail of %o is fetched, then the URL is %s', (file, expected) => {
    expect(core.thumbnailPath(file, 'F2N060-E')).toBe(expected);
  });

  it('when the capabilities lack chips, then the dictionaries are empty lists', () => {
    expect(JSON.parse(JSON.stringify(core.chipsOf({})))).toEqual({
      laterality: [],
      bodySitesCommon: [],
      views: [],
      types: [],
    });
  });

  it('when an answer is not the envelope, then a stand-in error names the status', () => {
    expect(core.readError(502, null).code).toBe('HTTP_502');
    expect(core.readError(400, { error: { code: 'VALIDATION_FAILED', message: 'm' } }).code).toBe(
      'VALIDATION_FAILED',
    );
  });
});
