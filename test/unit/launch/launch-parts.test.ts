import { AppError } from '../../../src/errors';
import {
  assertFresh,
  CLOCK_SKEW_SECONDS,
  displayName,
  mendPair,
  pairHash,
  patientBanner,
} from '../../../src/services/launch';

const NOW = Date.parse('2026-12-01T00:00:00.000Z');

function codeOf(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
}

describe('launch pair', () => {
  it('when a "+" arrived as a space, then mending restores it in both values', () => {
    expect(mendPair({ context: 'ab c d==', signature: ' x+y' })).toEqual({
      context: 'ab+c+d==',
      signature: '+x+y',
    });
  });

  it('when the pair is hashed, then the hash is a SHA-256 that differs when either value or their split differs', () => {
    const hash = pairHash({ context: 'abc', signature: 'def' });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(pairHash({ context: 'abc', signature: 'dee' })).not.toBe(hash);
    expect(pairHash({ context: 'ab', signature: 'cdef' })).not.toBe(hash);
    expect(pairHash({ context: 'abc', signature: 'def' })).toBe(hash);
  });
});

describe('launch freshness', () => {
  const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

  it('when the launch is younger than the window, then it passes; older, then LAUNCH_EXPIRED', () => {
    expect(codeOf(() => assertFresh(at(-300_000), NOW, 300))).toBeUndefined();
    expect(codeOf(() => assertFresh(at(-300_001), NOW, 300))).toBe('LAUNCH_EXPIRED');
  });

  it('when createdTime carries an NZ offset, then the age is computed from the instant it names', () => {
    // 13:00 in Auckland (+13:00) is midnight UTC: age 0.
    expect(codeOf(() => assertFresh('2026-12-01T13:00:00+13:00', NOW, 1))).toBeUndefined();
    expect(codeOf(() => assertFresh('2026-12-01T12:50:00+13:00', NOW, 300))).toBe('LAUNCH_EXPIRED');
  });

  it('when createdTime is ahead of the gateway by more than the allowed skew, then LAUNCH_INVALID', () => {
    expect(codeOf(() => assertFresh(at(CLOCK_SKEW_SECONDS * 1000), NOW, 300))).toBeUndefined();
    expect(codeOf(() => assertFresh(at(CLOCK_SKEW_SECONDS * 1000 + 1), NOW, 300))).toBe('LAUNCH_INVALID');
  });
});

describe('patient banner', () => {
  const NHI_SYSTEM = 'https://standards.digital.health.nz/ns/nhi-id';

  it('when the Patient has an official name, an NHI, a birth date and a gender, then the banner shows them', () => {
    const patient: fhir4.Patient = {
      resourceType: 'Patient',
      id: 'p1',
      name: [
        { use: 'nickname', given: ['Ro'] },
        { use: 'official', family: 'Tapsell', given: ['Aroha', 'Mere'] },
      ],
      identifier: [
        { system: 'urn:other', value: 'X' },
        { system: NHI_SYSTEM, value: 'zzz0016' },
      ],
      birthDate: '1984-03-12',
      gender: 'female',
    };
    expect(patientBanner(patient, 'p1')).toEqual({
      id: 'p1',
      name: 'Aroha Mere Tapsell',
      nhi: 'ZZZ0016',
      birthDate: '1984-03-12',
      gender: 'female',
    });
  });

  it('when the Patient has no name, NHI, birth date or gender, then those fields are null', () => {
    expect(patientBanner({ resourceType: 'Patient' }, 'p2')).toEqual({
      id: 'p2',
      name: null,
      nhi: null,
      birthDate: null,
      gender: null,
    });
  });

  it('when a name has text, then the text wins over its parts; blank names give null', () => {
    expect(displayName([{ text: '  Hemi   Whitcombe ', family: 'Other' }])).toBe('Hemi Whitcombe');
    expect(displayName([{ given: [], family: '  ' }])).toBeNull();
    expect(displayName(undefined)).toBeNull();
  });
});
