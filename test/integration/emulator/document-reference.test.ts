import { buildScanDocument } from '../../../src/fhir/builders';
import { renderScanDocument, scanCaption } from '../../../src/fhir/scan';
import { NHI_SYSTEM, SCAN_MAX_BYTES } from '../../../src/emulator';
import { storedLikeJpeg } from '../../unit/fhir/scan/scan-fixtures';
import { startLiveEmulator, type LiveEmulator } from './live-emulator';

const PATIENT = '14e52e16edb7a435bfa05e307afd008b'; // ZZZ0016 in F2N060-E
const OTHER_FACILITY_PATIENT = 'e5f60718293a4b5c6d7e8f90a1b2c3d4'; // ZZZ0016 in F99669-C
const PROVIDER = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const IDENTIFIER_MISSING = 'The mandatory Identifier.value with the reference number is missing';
const FORBIDDEN = { severity: 'error', code: 'forbidden', diagnostics: 'Authorization failed.' };
const CHAINED = `/DocumentReference?patient.identifier=${encodeURIComponent(`${NHI_SYSTEM}|ZZZ0016`)}`;

interface PageOfDocuments {
  total: number;
  entry: Array<{ resource: fhir4.DocumentReference }>;
  link: Array<{ relation: string; url: string }>;
}

describe('emulator POST /FHIR/DocumentReference and its look-up (ALEX.md section 7)', () => {
  let live: LiveEmulator;
  let pdf: { contentType: 'application/pdf'; bytes: Buffer };

  /** A Scan document as the gateway builds it, against this emulator's base URL. */
  function scanDocument(overrides: Partial<fhir4.DocumentReference> = {}): fhir4.DocumentReference {
    return {
      ...buildScanDocument({
        imageId: 'img-0001',
        patientId: PATIENT,
        providerId: PROVIDER,
        apiBaseUrl: live.emulator.fhirBaseUrl,
        date: new Date('2026-11-30T21:15:00Z'),
        meta: { title: 'Left forearm lesion' },
        document: pdf,
      }),
      ...overrides,
    };
  }

  function withAttachment(attachment: fhir4.Attachment): fhir4.DocumentReference {
    return scanDocument({ content: [{ attachment }] });
  }

  const post = (body: unknown) =>
    live.fhir.post('/DocumentReference', JSON.stringify(body), {
      headers: { 'Content-Type': 'application/fhir+json' },
      maxBodyLength: Infinity,
    });

  beforeAll(async () => {
    live = await startLiveEmulator();
    const picture = await storedLikeJpeg(320, 240);
    const caption = scanCaption({ title: 'Left forearm lesion', capturedAt: null, receivedAt: new Date() });
    pdf = (await renderScanDocument({ ...picture, caption, format: 'pdf' })) as typeof pdf;
  });
  afterAll(async () => {
    await live.emulator.close();
  });
  beforeEach(async () => {
    expect((await live.control.post('/reset')).status).toBe(204);
  });

  it("when the gateway's Scan document is posted, then it answers 201 with a 32-hex id, a lower-case /fhir/ Location and an ETag, and stores it", async () => {
    const response = await post(scanDocument());

    expect(response.status).toBe(201);
    const id: string = response.data.id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(response.data.meta.versionId).toBe(id);
    expect(response.headers.location).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:\\d+/fhir/DocumentReference/${id}/_history/${id}$`),
    );
    expect(response.headers.etag).toBe(`W/"${id}"`);
    expect(live.emulator.state.createdResources('DocumentReference')).toEqual([response.data]);
    const read = await live.fhir.get(`/DocumentReference/${id}`);
    expect(read.status).toBe(200);
    expect(read.data.content[0].attachment.title).toBe('2026-12-01 Left forearm lesion.pdf');
  });

  it('when the same document is posted twice, then both are created (the worst case: ALEX may not dedupe)', async () => {
    const first = await post(scanDocument());
    const second = await post(scanDocument());

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.data.id).not.toBe(first.data.id);
    expect(live.emulator.state.createdResources('DocumentReference')).toHaveLength(2);
  });

  it('when a TIFF is posted, then it is accepted', async () => {
    const tiff = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);

    const response = await post(
      withAttachment({ contentType: 'image/tiff', data: tiff.toString('base64'), title: 'x.tif' }),
    );

    expect(response.status).toBe(201);
  });

  it.each(['image/jpeg', 'image/png', 'text/plain'])(
    'when the attachment is %s, then it answers 400 not-supported',
    async (contentType) => {
      const response = await post(
        withAttachment({ contentType, data: pdf.bytes.toString('base64'), title: 'x' }),
      );

      expect(response.status).toBe(400);
      expect(response.data.issue[0]).toMatchObject({ severity: 'error', code: 'not-supported' });
      expect(live.emulator.state.createdResources('DocumentReference')).toEqual([]);
    },
  );

  it('when the bytes labelled application/pdf are a JPEG, then it answers 400 not-supported', async () => {
    const jpeg = (await storedLikeJpeg(16, 16)).jpeg;

    const response = await post(
      withAttachment({ contentType: 'application/pdf', data: jpeg.toString('base64'), title: 'x.pdf' }),
    );

    expect(response.status).toBe(400);
    expect(response.data.issue[0].code).toBe('not-supported');
  });

  it('when the payload is 8 MB or more, then it answers 400 too-long; just under 8 MB is accepted', async () => {
    const exactly = Buffer.alloc(SCAN_MAX_BYTES, 0x20);
    exactly.write('%PDF-1.7');
    const under = exactly.subarray(0, SCAN_MAX_BYTES - 1);

    const refused = await post(
      withAttachment({ contentType: 'application/pdf', data: exactly.toString('base64'), title: 'big.pdf' }),
    );
    const accepted = await post(
      withAttachment({ contentType: 'application/pdf', data: under.toString('base64'), title: 'ok.pdf' }),
    );

    expect(refused.status).toBe(400);
    expect(refused.data.issue[0]).toMatchObject({
      code: 'too-long',
      diagnostics: expect.stringContaining(String(SCAN_MAX_BYTES)),
    });
    expect(accepted.status).toBe(201);
  });

  it.each([
    ['no identifier', { identifier: undefined }],
    ['an identifier without value', { identifier: [{ system: 'https://clinicpro.co.nz/image-id' }] }],
    [
      'a blank identifier value',
      { identifier: [{ system: 'https://clinicpro.co.nz/image-id', value: '  ' }] },
    ],
  ])(
    'when the document has %s, then it answers the same 400 business-rule as Media',
    async (_case, overrides) => {
      const response = await post(scanDocument(overrides as Partial<fhir4.DocumentReference>));

      expect(response.status).toBe(400);
      expect(response.data).toEqual({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'business-rule', diagnostics: IDENTIFIER_MISSING }],
      });
    },
  );

  it.each([
    ['another LOINC code', { coding: [{ system: 'http://loinc.org', code: '34108-1' }] }],
    ['the code in another system', { coding: [{ system: 'http://snomed.info/sct', code: '72170-4' }] }],
    ['no coding', { text: 'Photo' }],
  ])('when the type is %s, then it answers 400 invalid', async (_case, type) => {
    const response = await post(scanDocument({ type }));

    expect(response.status).toBe(400);
    expect(response.data.issue[0]).toMatchObject({
      code: 'invalid',
      diagnostics: expect.stringContaining('72170-4'),
    });
  });

  it.each([
    ['relative', `Patient/${PATIENT}`],
    ['upper-case /FHIR/', `${'http://127.0.0.1'}/FHIR/Patient/${PATIENT}`],
  ])(
    'when the subject is %s, then it answers 400 invalid: ALEX uses absolute lower-case URLs',
    async (_case, reference) => {
      const response = await post(scanDocument({ subject: { reference } }));

      expect(response.status).toBe(400);
      expect(response.data.issue[0].code).toBe('invalid');
    },
  );

  it("when the subject is another facility's Patient, or the author an unknown Practitioner, then it answers 400 business-rule", async () => {
    const base = live.emulator.fhirBaseUrl.replace(/\/FHIR$/i, '/fhir');

    const wrongPatient = await post(
      scanDocument({ subject: { reference: `${base}/Patient/${OTHER_FACILITY_PATIENT}` } }),
    );
    const wrongAuthor = await post(
      scanDocument({ author: [{ reference: `${base}/Practitioner/${'0'.repeat(32)}` }] }),
    );

    expect(wrongPatient.status).toBe(400);
    expect(wrongPatient.data.issue[0].code).toBe('business-rule');
    expect(wrongAuthor.status).toBe(400);
    expect(wrongAuthor.data.issue[0].code).toBe('business-rule');
  });

  it('when the chained NHI look-up is made, then it answers a searchset with the documents of that patient in this facility', async () => {
    const created = await post(scanDocument());
    await post(
      scanDocument({ identifier: [{ system: 'https://clinicpro.co.nz/image-id', value: 'img-0002' }] }),
    );

    const found = await live.fhir.get(CHAINED);
    const other = await live.fhir.get(CHAINED, { headers: { 'mt-facilityid': 'F99669-C' } });

    expect(found.status).toBe(200);
    expect(found.data).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 2 });
    expect(found.data.entry[0].resource.id).toBe(created.data.id);
    expect(found.data.entry[0].fullUrl).toMatch(new RegExp(`/fhir/DocumentReference/${created.data.id}$`));
    expect(
      found.data.entry.map((e: { resource: fhir4.DocumentReference }) => e.resource.identifier?.[0].value),
    ).toEqual(['img-0001', 'img-0002']);
    expect(other.data.total).toBe(0);
    expect(other.data.entry[0].resource.resourceType).toBe('OperationOutcome');
  });

  it('when the look-up asks for _count=1, then it pages with next links until the last document', async () => {
    for (const value of ['img-a', 'img-b', 'img-c']) {
      await post(scanDocument({ identifier: [{ system: 'https://clinicpro.co.nz/image-id', value }] }));
    }

    const seen: string[] = [];
    let url: string | undefined = `${CHAINED}&_count=1`;
    let pages = 0;
    while (url && pages < 5) {
      const page: { status: number; data: PageOfDocuments } = await live.fhir.get(url);
      expect(page.status).toBe(200);
      expect(page.data.total).toBe(3);
      seen.push(...page.data.entry.map((entry) => entry.resource.identifier?.[0].value ?? ''));
      url = page.data.link.find((link) => link.relation === 'next')?.url;
      pages += 1;
    }

    expect(pages).toBe(3);
    expect(seen).toEqual(['img-a', 'img-b', 'img-c']);
  });

  it('when the refuse control is set, then the chained look-up answers 403 Authorization failed. until allowed again or reset', async () => {
    await post(scanDocument());

    const set = await live.control.post('/controls', { documentReferenceSearch: 'forbidden' });
    const refused = await live.fhir.get(CHAINED);
    const allowed = await live.control.post('/controls', { documentReferenceSearch: 'allowed' });
    const answered = await live.fhir.get(CHAINED);
    await live.control.post('/controls', { documentReferenceSearch: 'forbidden' });
    await live.control.post('/reset');
    const afterReset = await live.fhir.get(CHAINED);

    expect(set.data).toEqual({ documentReferenceSearch: 'forbidden' });
    expect(refused.status).toBe(403);
    expect(refused.data.issue[0]).toMatchObject(FORBIDDEN);
    expect(allowed.data).toEqual({ documentReferenceSearch: 'allowed' });
    expect(answered.status).toBe(200);
    expect(afterReset.status).toBe(200);
    expect((await live.control.get('/controls')).data).toEqual({ documentReferenceSearch: 'allowed' });
  });

  it('when a control value is unknown, then the control API answers 400 and changes nothing', async () => {
    const response = await live.control.post('/controls', { documentReferenceSearch: 'sometimes' });

    expect(response.status).toBe(400);
    expect((await live.control.get('/controls')).data).toEqual({ documentReferenceSearch: 'allowed' });
  });

  it.each([`?subject=${encodeURIComponent(`Patient/${PATIENT}`)}`, `?patient=${PATIENT}`, ''])(
    'when DocumentReference is searched with %p, then it answers 403 as ALEX does',
    async (query) => {
      const response = await live.fhir.get(`/DocumentReference${query}`);

      expect(response.status).toBe(403);
      expect(response.data.issue[0]).toMatchObject(FORBIDDEN);
    },
  );

  it("when a developer lists stored documents and fetches one's content, then they get the exact PDF with its type and file name", async () => {
    const created = await post(scanDocument());

    const listed = await live.control.get('/resources/DocumentReference');
    const content = await live.control.get(`/resources/DocumentReference/${created.data.id}/content`, {
      responseType: 'arraybuffer',
    });
    const missing = await live.control.get(`/resources/DocumentReference/${'f'.repeat(32)}/content`);

    expect(listed.data.resources.map((r: { resource: { id: string } }) => r.resource.id)).toEqual([
      created.data.id,
    ]);
    expect(content.status).toBe(200);
    expect(content.headers['content-type']).toBe('application/pdf');
    expect(content.headers['content-disposition']).toContain(
      encodeURIComponent('2026-12-01 Left forearm lesion.pdf'),
    );
    expect(Buffer.from(content.data).equals(pdf.bytes)).toBe(true);
    expect(missing.status).toBe(404);
  });
});
