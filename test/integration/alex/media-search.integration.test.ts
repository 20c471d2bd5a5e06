import type { AlexClient } from '../../../src/services/alex';
import { MEDIA_SEARCH_PAGE_SIZE } from '../../../src/services/alex/resource-calls';
import { resolveUnsettled } from '../../../src/services/commit/resolve-unsettled';
import { emptyRecord } from '../../../src/services/commit/write-ahead-record';
import { media } from '../emulator/live-emulator';
import { SEED_NHI, SEED_PATIENT_ID, startEmulator, UAT_FACILITY, wireAgainst } from './emulator-setup';

describe('Media search by NHI through the ALEX client', () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let alex: AlexClient;
  const searches = () => emu.state.journal().filter((entry) => entry.route === 'GET /FHIR/Media');

  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
  });
  beforeEach(() => {
    alex = wireAgainst(emu).alex;
  });
  afterEach(() => {
    emu.state.reset();
    alex.close();
  });
  afterAll(async () => {
    await emu.close();
  });

  async function createMedia(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      ids.push((await alex.create(UAT_FACILITY, media(`img-${index}`))).id);
    }
    return ids;
  }

  it('when the patient has more Media than one page, then every page is read and every Media returned', async () => {
    const ids = await createMedia(MEDIA_SEARCH_PAGE_SIZE + 5);

    const found = await alex.searchMediaByNhi(UAT_FACILITY, SEED_NHI);

    expect(found.map((resource) => resource.id).sort()).toEqual([...ids].sort());
    expect(searches()).toHaveLength(2);
  });

  it('when the Media an ambiguous POST left behind is on page 2, then the look-up after the settle window adopts it', async () => {
    const ids = await createMedia(MEDIA_SEARCH_PAGE_SIZE + 2);
    const last = MEDIA_SEARCH_PAGE_SIZE + 1;
    const record = {
      ...emptyRecord(`img-${last}`, Date.now()),
      plan: {
        target: 'media' as const,
        delivery: 'queue' as const,
        meta: {},
        facilityId: UAT_FACILITY,
        patientId: SEED_PATIENT_ID,
        encounterId: 'enc-1',
        uploadedAt: new Date().toISOString(),
      },
    };

    const resolution = await resolveUnsettled(alex, record, 'media');

    expect(resolution).toEqual({ kind: 'found', id: ids[last] });
  });

  it('when the patient has no Media, then the search returns an empty list after one request', async () => {
    await expect(alex.searchMediaByNhi(UAT_FACILITY, SEED_NHI)).resolves.toEqual([]);
    expect(searches()).toHaveLength(1);
  });
});
