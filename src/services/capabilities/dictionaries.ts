import dictionaryFile from './dictionaries.json';

/** A FHIR Coding as the capabilities response and the commit body carry it. */
export interface Coding {
  system: string;
  code: string;
  display: string;
}

/** The quick-chip dictionaries of CODES.md, as checked in. */
export interface Dictionaries {
  laterality: readonly Coding[];
  bodySitesCommon: readonly Coding[];
  views: readonly Coding[];
  types: readonly Coding[];
}

export type DictionaryName = 'laterality' | 'bodySites' | 'views' | 'types';

export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const IMAGE_VIEW_SYSTEM = 'https://clinicpro.co.nz/fhir/CodeSystem/image-view';
export const IMAGE_TYPE_SYSTEM = 'https://clinicpro.co.nz/fhir/CodeSystem/image-type';

const freezeCodings = (codings: Coding[]): readonly Coding[] =>
  Object.freeze(codings.map((coding) => Object.freeze({ ...coding })));

/** The dictionaries from dictionaries.json (CODES.md), frozen so no caller can alter them. */
export const DICTIONARIES: Dictionaries = Object.freeze({
  laterality: freezeCodings(dictionaryFile.laterality),
  bodySitesCommon: freezeCodings(dictionaryFile.bodySitesCommon),
  views: freezeCodings(dictionaryFile.views),
  types: freezeCodings(dictionaryFile.types),
});

const FIELDS: Record<DictionaryName, keyof Dictionaries> = {
  laterality: 'laterality',
  bodySites: 'bodySitesCommon',
  views: 'views',
  types: 'types',
};

const index = new Map<DictionaryName, Map<string, Coding>>(
  (Object.keys(FIELDS) as DictionaryName[]).map((name) => [
    name,
    new Map(DICTIONARIES[FIELDS[name]].map((coding) => [`${coding.system}|${coding.code}`, coding])),
  ]),
);

/**
 * The dictionary's Coding with this system AND code, or undefined. The commit step uses it to
 * refuse codes the capabilities did not offer, and to send ALEX our display rather than the
 * caller's (so a wrong display text cannot reach the record).
 */
export function findCoding(
  dictionary: DictionaryName,
  coding: { system: string; code: string },
): Coding | undefined {
  return index.get(dictionary)?.get(`${coding.system}|${coding.code}`);
}
