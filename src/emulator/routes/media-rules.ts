import { createHash } from 'node:crypto';
import { OUTCOMES } from '../outcomes';
import type { RuleContext } from './create-resource';
import { requirePatient } from './reference-rules';

/** Types ALEX takes inline (JPEG and PNG seen accepted; PDF in Medtech's own example). */
export const MEDIA_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
/** The integration plan's per-image cap (ALEX.md section 4), on the decoded bytes. */
export const MEDIA_MAX_BYTES = 1_048_576;

const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * ALEX's rules for `POST /Media`, in order: the identifier value ([known], exact text),
 * then [assumed] the inline content (type allow-list, base64, size cap, size and hash
 * consistent when given), then the subject.
 */
export function mediaRules(media: fhir4.Media, context: RuleContext): fhir4.OperationOutcome | undefined {
  const identifiers = media.identifier ?? [];
  if (identifiers.length === 0 || identifiers.some((identifier) => !identifier.value?.trim())) {
    return OUTCOMES.identifierMissing();
  }
  const content = media.content;
  const contentType = content.contentType ?? '';
  if (!(MEDIA_CONTENT_TYPES as readonly string[]).includes(contentType)) {
    return OUTCOMES.businessRule(
      `Media.content.contentType '${contentType}' is not supported; use ${MEDIA_CONTENT_TYPES.join(', ')}`,
    );
  }
  if (typeof content.data !== 'string' || content.data.length === 0) {
    return OUTCOMES.businessRule('Media.content.data is required: content goes inline as base64');
  }
  if (!isBase64(content.data)) return OUTCOMES.structure('Media.content.data is not valid base64');
  const bytes = decodedLength(content.data);
  if (bytes > MEDIA_MAX_BYTES) {
    return OUTCOMES.businessRule(`Media.content.data is ${bytes} bytes; the maximum is ${MEDIA_MAX_BYTES}`);
  }
  if (content.size !== undefined && content.size !== bytes) {
    return OUTCOMES.businessRule(
      `Media.content.size (${content.size}) does not match the data (${bytes} bytes)`,
    );
  }
  if (content.hash !== undefined && content.hash !== sha1Base64(content.data)) {
    return OUTCOMES.businessRule('Media.content.hash is not the base64 SHA-1 of the data');
  }
  return requirePatient(media.subject, 'Media.subject', context);
}

/** Standard padded base64, as FHIR inline data must be. */
export function isBase64(text: string): boolean {
  // A character class, not a grouped repetition: V8 runs it over 1.4 MB without backtracking.
  return text.length % 4 === 0 && BASE64_CHARS.test(text);
}

/** The byte length the base64 decodes to, without decoding it. */
export function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

function sha1Base64(base64: string): string {
  return createHash('sha1').update(Buffer.from(base64, 'base64')).digest('base64');
}
