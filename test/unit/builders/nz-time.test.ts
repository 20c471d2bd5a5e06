import { toNzDateTime } from '../../../src/fhir/builders/nz-time';

describe('toNzDateTime', () => {
  it('when the instant is in NZ summer (daylight time), then the offset is +13:00', () => {
    expect(toNzDateTime(new Date('2025-11-11T02:00:00Z'))).toBe('2025-11-11T15:00:00+13:00');
  });

  it('when the instant is in NZ winter, then the offset is +12:00', () => {
    expect(toNzDateTime(new Date('2025-07-01T00:30:05Z'))).toBe('2025-07-01T12:30:05+12:00');
  });

  it('when UTC is still the previous day, then the NZ date is the clinical day', () => {
    expect(toNzDateTime(new Date('2026-03-01T20:15:00Z'))).toBe('2026-03-02T09:15:00+13:00');
  });

  it('when milliseconds are present, then they are dropped and the offset stays exact', () => {
    expect(toNzDateTime(new Date('2025-07-01T00:30:05.999Z'))).toBe('2025-07-01T12:30:05+12:00');
  });
});
