import fc from 'fast-check';
import { loadConfig } from '../../../src/config';
import { redactString } from '../../../src/logging/redact';
import { medtechTestQuery } from '../../../src/schemas/medtech';
import { patientDisplaySchema } from '../../../src/schemas/mobile';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const charOf = (alphabet: string) => fc.constantFrom(...alphabet.split(''));
const run = (alphabet: string, length: number) =>
  fc.array(charOf(alphabet), { minLength: length, maxLength: length }).map((chars) => chars.join(''));

/** Near-NHIs in any case: I and O included, letters and digits swapped, so schemas say yes and no. */
const candidate = fc
  .tuple(
    fc.oneof(run(UPPER, 3), run(UPPER.toLowerCase(), 3)),
    fc.oneof(run(DIGITS, 2), run(DIGITS + UPPER, 2)),
    fc.oneof(run(DIGITS, 2), run(UPPER, 2), run(DIGITS + UPPER, 2)),
  )
  .map((parts) => parts.join(''));

/** Where an NHI ends up in a log line. */
const context = fc.constantFrom(
  (nhi: string) => nhi,
  (nhi: string) => `patient ${nhi} not found`,
  (nhi: string) => `nhi_${nhi}_x`,
  (nhi: string) => `identifier=https://standards.digital.health.nz/ns/nhi-id|${nhi}`,
  (nhi: string) => `"${nhi}"`,
  (nhi: string) => `(${nhi}).`,
);

const acceptedBySchemas = (nhi: string): string[] => {
  const accepted: string[] = [];
  const display = patientDisplaySchema.safeParse({ name: 'x', nhi });
  if (display.success) accepted.push(display.data.nhi);
  const query = medtechTestQuery.safeParse({ nhi });
  if (query.success && query.data.nhi) accepted.push(query.data.nhi);
  return accepted;
};

describe('one NHI pattern for schemas, config and the log redactor', () => {
  it('when the schemas accept an NHI, then the redactor removes it, as typed and as stored, from any log line', () => {
    let accepted = 0;
    fc.assert(
      fc.property(candidate, context, (nhi, place) => {
        const stored = acceptedBySchemas(nhi);
        if (stored.length === 0) return;
        accepted += 1;
        for (const value of [nhi, ...stored]) {
          const line = redactString(place(value));
          expect(line.toUpperCase()).not.toContain(value.toUpperCase());
        }
      }),
      { numRuns: 2000 },
    );
    // The property must have seen NHIs, or it proved nothing.
    expect(accepted).toBeGreaterThan(50);
  });

  it.each(['ZZZ0016', 'ZAC12AB', 'zzz0016'])(
    'when %s is sent to the schemas, then they accept it and the redactor removes it',
    (nhi) => {
      expect(acceptedBySchemas(nhi)).toHaveLength(2);
      expect(redactString(`nhi ${nhi}`)).not.toContain(nhi);
    },
  );

  it.each(['ZZO0016', 'IZZ0016', 'ZZZ001A', 'ZZZ00A1', 'ZZZ12AO'])(
    'when %s (an I or O, or mixed digits and letters) is sent, then the schemas refuse it',
    (nhi) => {
      expect(acceptedBySchemas(nhi)).toEqual([]);
    },
  );

  it('when MEDTECH_TEST_NHI is a new-format NHI, then config accepts it; with an O, config refuses it', () => {
    expect(loadConfig({ MEDTECH_TEST_NHI: 'ZAC12AB' }).medtech.testNhi).toBe('ZAC12AB');
    expect(() => loadConfig({ MEDTECH_TEST_NHI: 'ZZO0016' })).toThrow(/MEDTECH_TEST_NHI/);
  });
});
