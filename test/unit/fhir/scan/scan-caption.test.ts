import { nzDate, scanCaption } from '../../../../src/fhir/scan';
import { CLOSE_UP, FOREARM, LEFT, LESION, NOT_APPLICABLE } from './scan-fixtures';

// 2026-12-01T10:15 in Auckland (NZDT, +13:00) is still 30 November in UTC.
const MORNING_IN_NZ = new Date('2026-11-30T21:15:00Z');
const RECEIVED = new Date('2026-12-02T01:00:00Z');

describe('scanCaption', () => {
  it('when every field is known and the photo carried a capture time, then it prints title, site, view, type and "Taken" with the NZ date', () => {
    const lines = scanCaption({
      title: 'Left forearm lesion',
      bodySite: FOREARM,
      laterality: LEFT,
      view: CLOSE_UP,
      type: LESION,
      capturedAt: MORNING_IN_NZ,
      receivedAt: RECEIVED,
    });

    expect(lines).toEqual([
      'Left forearm lesion',
      'Left forearm · Close-up · Lesion',
      'Taken 1 December 2026',
    ]);
  });

  it('when the photo carried no capture time, then the date line says "Received" with the upload day in NZ', () => {
    const lines = scanCaption({ title: 'Rash', capturedAt: null, receivedAt: RECEIVED });

    expect(lines).toEqual(['Rash', 'Received 2 December 2026']);
  });

  it('when the capture time is not a valid date, then it falls back to "Received"', () => {
    const lines = scanCaption({ title: 'Rash', capturedAt: new Date(Number.NaN), receivedAt: RECEIVED });

    expect(lines.at(-1)).toBe('Received 2 December 2026');
  });

  it('when the title carries macrons, then they are kept exactly', () => {
    const lines = scanCaption({ title: 'Māori ā ē ī ō ū Ā Ē Ī Ō Ū', capturedAt: null, receivedAt: RECEIVED });

    expect(lines[0]).toBe('Māori ā ē ī ō ū Ā Ē Ī Ō Ū');
  });

  it('when there is no title, then it is named from site and type, or "Clinical photo" when nothing is known', () => {
    const named = scanCaption({
      bodySite: FOREARM,
      laterality: LEFT,
      type: LESION,
      capturedAt: null,
      receivedAt: RECEIVED,
    });
    const bare = scanCaption({ title: '   ', capturedAt: null, receivedAt: RECEIVED });

    expect(named[0]).toBe('Left forearm lesion');
    expect(bare).toEqual(['Clinical photo', 'Received 2 December 2026']);
  });

  it('when laterality is "Not applicable", then the body site is printed without it', () => {
    const lines = scanCaption({
      title: 'Photo',
      bodySite: FOREARM,
      laterality: NOT_APPLICABLE,
      capturedAt: null,
      receivedAt: RECEIVED,
    });

    expect(lines[1]).toBe('Forearm');
  });

  it('when the title holds newlines or tabs, then the caption keeps it on one line', () => {
    const lines = scanCaption({
      title: 'Left\nforearm\t\tlesion\u2028',
      capturedAt: null,
      receivedAt: RECEIVED,
    });

    expect(lines[0]).toBe('Left forearm lesion');
  });
});

describe('nzDate', () => {
  it.each([
    ['2026-06-30T12:30:00Z', '1 July 2026'], // NZST +12:00
    ['2026-06-30T11:59:59Z', '30 June 2026'],
    ['2026-12-31T11:00:00Z', '1 January 2027'], // NZDT +13:00
  ])('when the instant is %s, then the NZ calendar day is %s', (instant, expected) => {
    expect(nzDate(new Date(instant))).toBe(expected);
  });
});
