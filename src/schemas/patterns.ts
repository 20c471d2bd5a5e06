/**
 * Patterns that several layers share: written once here, used by the schemas, the config and
 * the log redactor, so what the gateway accepts and what its logs scrub cannot drift apart.
 */

/** NHI letters: A-Z without I and O, which NZ NHI numbers never use. */
const NHI_LETTER = '[A-HJ-NP-Z]';
/**
 * A NZ NHI number, either format: `AAANNNN` (three letters, four digits, the last a check digit)
 * or the new `AAANNAX` (three letters, two digits, a letter and a check letter).
 */
const NHI_SOURCE = `${NHI_LETTER}{3}[0-9]{2}(?:[0-9]{2}|${NHI_LETTER}{2})`;

/** A whole value that is an NHI (upper case, as Medtech stores them). */
export const NHI_PATTERN = new RegExp(`^${NHI_SOURCE}$`);

/**
 * Every NHI inside a longer text, in any case, wherever it sits: next to `_`, a digit boundary
 * or a letter that is not part of it. For the redactor, which must catch at least every NHI the
 * schemas accept (see the property test in test/unit/foundation).
 */
export function nhiInText(): RegExp {
  return new RegExp(`(?<![A-Za-z0-9])${NHI_SOURCE}(?![A-Za-z0-9])`, 'gi');
}

/**
 * A facility (HPI) id as Medtech writes them (`F2N060-E`): it travels in the `mt-facilityid`
 * header, so nothing but letters, digits and `-` is let through.
 */
export const FACILITY_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
