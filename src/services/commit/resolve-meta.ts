import { AppError, type ErrorDetail } from '../../errors';
import { findCoding, type DictionaryName } from '../capabilities';
import type { CommitFileInput } from '../../schemas/commit';
import type { ImageMeta } from '../../fhir/builders/media';

const FIELD_DICTIONARY: Record<'bodySite' | 'laterality' | 'view' | 'type', DictionaryName> = {
  bodySite: 'bodySites',
  laterality: 'laterality',
  view: 'views',
  type: 'types',
};

/**
 * Checks every coded field of every file against the capabilities dictionaries and returns the
 * dictionary's own Codings (with our display text). One 400 names every bad field at once.
 */
export function resolveMeta(files: CommitFileInput[]): ImageMeta[] {
  const problems: ErrorDetail[] = [];
  const resolved = files.map((file, index) => {
    const meta: ImageMeta = { title: file.meta.title, label: file.meta.label };
    for (const [field, dictionary] of Object.entries(FIELD_DICTIONARY) as [
      keyof typeof FIELD_DICTIONARY,
      DictionaryName,
    ][]) {
      const given = file.meta[field];
      if (!given) continue;
      const known = findCoding(dictionary, given);
      if (known) meta[field] = known;
      else
        problems.push({
          path: `files.${index}.meta.${field}`,
          problem: `${given.system}|${given.code} is not in the capabilities dictionary`,
        });
    }
    return meta;
  });
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'Some photo details use codes this gateway does not offer. Choose them from the lists shown.',
      details: problems,
    });
  }
  return resolved;
}
