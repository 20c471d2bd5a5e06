import { nzDateTime } from '../../../src/emulator/launch-contexts';

describe('the emulator launch createdTime (NZ time with milliseconds and offset)', () => {
  it.each([
    ['2026-12-01T01:15:00.123Z', '2026-12-01T14:15:00.123+13:00'], // daylight time
    ['2026-06-01T01:15:00.007Z', '2026-06-01T13:15:00.007+12:00'], // standard time
    ['2026-04-04T13:59:59.999Z', '2026-04-05T02:59:59.999+13:00'], // the last second before DST ends
  ])('when the instant is %s, then createdTime is %s and names the same instant', (instant, expected) => {
    const created = nzDateTime(new Date(instant));
    expect(created).toBe(expected);
    expect(Date.parse(created)).toBe(Date.parse(instant));
  });
});
