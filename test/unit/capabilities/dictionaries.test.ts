import dictionaryFile from '../../../src/services/capabilities/dictionaries.json';
import { DICTIONARIES, findCoding } from '../../../src/services/capabilities';

const SNOMED = 'http://snomed.info/sct';
const VIEW = 'https://clinicpro.co.nz/fhir/CodeSystem/image-view';
const TYPE = 'https://clinicpro.co.nz/fhir/CodeSystem/image-type';

// Copied by hand from CODES.md, so a slip in the JSON file shows up as a difference here.
const LATERALITY: Array<[string, string]> = [
  ['7771000', 'Left'],
  ['24028007', 'Right'],
  ['51440002', 'Bilateral'],
  ['385432009', 'Not applicable (midline, unpaired)'],
];
const BODY_SITES: Array<[string, string]> = [
  ['41695006', 'Scalp'],
  ['89545001', 'Face'],
  ['117590005', 'Ear'],
  ['81745001', 'Eye'],
  ['45206002', 'Nose'],
  ['48477009', 'Lip'],
  ['45048000', 'Neck'],
  ['51185008', 'Chest'],
  ['818983003', 'Abdomen'],
  ['77568009', 'Back'],
  ['22943007', 'Trunk'],
  ['16982005', 'Shoulder'],
  ['40983000', 'Upper arm'],
  ['127949000', 'Elbow'],
  ['14975008', 'Forearm'],
  ['8205005', 'Wrist'],
  ['85562004', 'Hand'],
  ['7569003', 'Finger'],
  ['46862004', 'Buttock'],
  ['26893007', 'Groin'],
  ['38864007', 'Perineum'],
  ['68367000', 'Thigh'],
  ['72696002', 'Knee'],
  ['30021000', 'Lower leg'],
  ['344001', 'Ankle'],
  ['56459004', 'Foot'],
  ['29707007', 'Toe'],
  ['53120007', 'Upper limb'],
  ['61685007', 'Lower limb'],
];
const VIEWS: Array<[string, string]> = [
  ['close-up', 'Close-up'],
  ['regional', 'Regional'],
  ['overview', 'Overview'],
  ['dermoscopy', 'Dermoscopy'],
  ['other', 'Other'],
];
const TYPES: Array<[string, string]> = [
  ['lesion', 'Lesion'],
  ['rash', 'Rash'],
  ['wound', 'Wound'],
  ['infection', 'Infection'],
  ['burn', 'Burn'],
  ['other', 'Other'],
];

const codings = (system: string, rows: Array<[string, string]>) =>
  rows.map(([code, display]) => ({ system, code, display }));

describe('capabilities dictionaries (CODES.md)', () => {
  it('when the JSON file is read, then each dictionary equals the CODES.md table, in order', () => {
    expect(dictionaryFile).toEqual({
      laterality: codings(SNOMED, LATERALITY),
      bodySitesCommon: codings(SNOMED, BODY_SITES),
      views: codings(VIEW, VIEWS),
      types: codings(TYPE, TYPES),
    });
    expect(DICTIONARIES.laterality).toHaveLength(4);
    expect(DICTIONARIES.bodySitesCommon).toHaveLength(29);
    expect(DICTIONARIES.views).toHaveLength(5);
    expect(DICTIONARIES.types).toHaveLength(6);
  });

  it.each([
    ['40983000', 'Forearm', 'Upper arm'],
    ['53120007', 'Hand', 'Upper limb'],
  ])('when code %s appears, then it means %s never, only %s', (code, wrongMeaning, rightMeaning) => {
    const site = findCoding('bodySites', { system: SNOMED, code });
    expect(site?.display).toBe(rightMeaning);
    expect(site?.display).not.toBe(wrongMeaning);
  });

  it.each(['43799004', '22335008', '373067005'])(
    'when code %s (a known wrong code) is looked up, then no dictionary has it',
    (code) => {
      const everything = JSON.stringify(dictionaryFile);
      expect(everything).not.toContain(`"${code}"`);
      for (const name of ['laterality', 'bodySites'] as const) {
        expect(findCoding(name, { system: SNOMED, code })).toBeUndefined();
      }
    },
  );

  it('when every code is checked, then codes are unique within each dictionary and SNOMED ids are numeric', () => {
    for (const list of Object.values(DICTIONARIES)) {
      const codes = list.map((coding: { code: string }) => coding.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
    for (const coding of [...DICTIONARIES.laterality, ...DICTIONARIES.bodySitesCommon]) {
      expect(coding.code).toMatch(/^[1-9][0-9]{5,17}$/);
    }
  });
});

describe('findCoding', () => {
  it('when system and code match an entry, then that Coding is returned', () => {
    expect(findCoding('laterality', { system: SNOMED, code: '7771000' })).toEqual({
      system: SNOMED,
      code: '7771000',
      display: 'Left',
    });
    expect(findCoding('views', { system: VIEW, code: 'dermoscopy' })?.display).toBe('Dermoscopy');
    expect(findCoding('types', { system: TYPE, code: 'burn' })?.display).toBe('Burn');
  });

  it('when the code is right but the system is not, then nothing is found', () => {
    expect(findCoding('bodySites', { system: 'http://loinc.org', code: '14975008' })).toBeUndefined();
    expect(findCoding('types', { system: VIEW, code: 'other' })).toBeUndefined();
  });

  it('when the code belongs to another dictionary, then nothing is found', () => {
    expect(findCoding('laterality', { system: SNOMED, code: '14975008' })).toBeUndefined();
    expect(findCoding('bodySites', { system: SNOMED, code: '7771000' })).toBeUndefined();
  });

  it('when a caller tries to change a dictionary entry, then it stays as checked in', () => {
    const left = findCoding('laterality', { system: SNOMED, code: '7771000' }) as { display: string };
    expect(() => {
      left.display = 'Right';
    }).toThrow(TypeError);
    expect(DICTIONARIES.laterality[0].display).toBe('Left');
  });
});
