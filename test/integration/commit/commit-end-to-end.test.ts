import { createHash } from 'node:crypto';
import type { GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { corpusFile, describeWithCorpus } from '../../helpers/photo-corpus';
import { DR_RUAWAI, FACILITY, PATIENT_ID, authHeader, startCommitGateway } from './commit-harness';

interface Coding {
  system: string;
  code: string;
  display: string;
}

/** JSON over real HTTP with fetch; throws with the body when the status is not the expected one. */
async function call<T>(
  url: string,
  init: RequestInit,
  expected: number,
): Promise<{ body: T; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return { body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

interface SessionView {
  files: Array<{ status: string }>;
}

const json = (body: unknown, headers: Record<string, string> = authHeader): RequestInit => ({
  method: 'POST',
  headers: { ...headers, 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describeWithCorpus('commit end to end over HTTP', () => {
  let h: GatewayWithEmulator;
  beforeAll(async () => {
    h = await startCommitGateway();
  });
  afterAll(() => h.close());

  it('when a phone uploads an iPhone HEIC and a JPEG and the desktop commits them with capability codes, then both Media are in ALEX', async () => {
    const base = await h.listen();
    const api = `${base}/api/integrations/medtech`;

    const capabilities = (
      await call<{ features: { images: { quickChips: Record<string, Coding[]> } } }>(
        `${api}/capabilities`,
        { headers: authHeader },
        200,
      )
    ).body;
    const chips = capabilities.features.images.quickChips;
    const forearm = chips.bodySitesCommon.find((c) => c.display === 'Forearm') as Coding;
    const left = chips.laterality.find((c) => c.display === 'Left') as Coding;
    const [view] = chips.views;
    const [type] = chips.types;

    const encounter = { encounterId: 'enc-e2e', patientId: PATIENT_ID, facilityId: FACILITY };
    const session = (
      await call<{ sessionId: string; mobileUploadUrl: string }>(
        `${api}/mobile/initiate`,
        json(encounter),
        201,
      )
    ).body;
    const mobile = { 'x-mobile-token': new URL(session.mobileUploadUrl).searchParams.get('t') ?? '' };
    expect(
      (await call<{ state: string }>(`${api}/mobile/session`, { headers: mobile }, 200)).body.state,
    ).toBe('opened');

    const photos = [
      {
        clientRef: 'heic',
        name: 'IMG_0001.HEIC',
        type: 'image/heic',
        bytes: corpusFile('iphone_13_pro_max.HEIC'),
      },
      { clientRef: 'jpeg', name: 'IMG_0002.JPG', type: 'image/jpeg', bytes: corpusFile('jolla.jpg') },
    ];
    const declared = (
      await call<{ files: Array<{ fileId: string; uploadUrl: string }> }>(
        `${api}/attachments/upload-initiate`,
        json(
          {
            files: photos.map((p) => ({
              clientRef: p.clientRef,
              contentType: p.type,
              sizeBytes: p.bytes.length,
            })),
          },
          mobile,
        ),
        201,
      )
    ).body.files;
    await Promise.all(
      declared.map(async (file, index) => {
        const form = new FormData();
        form.append(
          'file',
          new Blob([photos[index].bytes], { type: photos[index].type }),
          photos[index].name,
        );
        const uploaded = await call<unknown>(
          `${base}${file.uploadUrl}`,
          { method: 'POST', headers: mobile, body: form },
          200,
        );
        expect(uploaded.body).toMatchObject({ status: 'ready', contentType: 'image/jpeg' });
      }),
    );

    const view1 = (
      await call<SessionView>(`${api}/mobile/sessions/${session.sessionId}`, { headers: authHeader }, 200)
    ).body;
    expect(view1.files.map((f) => f.status)).toEqual(['ready', 'ready']);
    const staged = await Promise.all(
      declared.map(async (file) => {
        const response = await fetch(`${api}/attachments/${file.fileId}/content?facilityId=${FACILITY}`, {
          headers: authHeader,
        });
        expect(response.status).toBe(200);
        return Buffer.from(await response.arrayBuffer());
      }),
    );

    const committed = await call<{ correlationId: string; files: Array<{ mediaId: string }> }>(
      `${api}/attachments/commit`,
      json({
        ...encounter,
        files: declared.map((file, index) => ({
          fileId: file.fileId,
          meta: { bodySite: forearm, laterality: left, view, type, label: String(index + 1) },
          ...(index === 0 && {
            alsoInbox: { enabled: true, recipientId: DR_RUAWAI, note: 'HEIC from the phone' },
          }),
        })),
      }),
      200,
    );
    expect(committed.headers.get('x-correlation-id')).toBe(committed.body.correlationId);
    const mediaIds = committed.body.files.map((f) => f.mediaId);

    const token = await emulatorToken(h);
    for (const [index, mediaId] of mediaIds.entries()) {
      const media = (
        await call<fhir4.Media>(
          `${h.emulator.fhirBaseUrl}/Media/${mediaId}`,
          {
            headers: {
              Authorization: `Bearer ${token}`,
              'mt-facilityid': FACILITY,
              Accept: 'application/fhir+json',
            },
          },
          200,
        )
      ).body;
      expect(media.subject?.reference).toBe(`Patient/${PATIENT_ID}`);
      expect(media.bodySite?.text).toBe('Left forearm');
      expect(media.content.hash).toBe(createHash('sha1').update(staged[index]).digest('base64'));
      expect(Buffer.from(media.content.data ?? '', 'base64').equals(staged[index])).toBe(true);
    }
    const view2 = (
      await call<SessionView>(`${api}/mobile/sessions/${session.sessionId}`, { headers: authHeader }, 200)
    ).body;
    expect(view2.files.map((f) => f.status)).toEqual(['committed', 'committed']);
  });
});

async function emulatorToken(h: GatewayWithEmulator): Promise<string> {
  const { clientId, clientSecret, scope } = h.emulator.credentials;
  const response = await fetch(h.emulator.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: clientId,
      client_secret: clientSecret,
      scope,
      grant_type: 'client_credentials',
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
