import { OUTCOMES } from '../outcomes';
import type { RuleContext } from './create-resource';
import { decodedLength, isBase64 } from './media-rules';
import { checkPractitioner, requirePatient } from './reference-rules';

/** Scan write-back takes TIFF for images and PDF for documents only (ALEX.md section 7). */
export const SCAN_CONTENT_TYPES = ['application/pdf', 'image/tiff'] as const;
/** "Payload under 8 MB": 8 MB itself is refused. */
export const SCAN_MAX_BYTES = 8 * 1024 * 1024;
/** The fixed type of the "ALEX Scanned Document" profile. */
export const SCAN_LOINC = { system: 'http://loinc.org', code: '72170-4' } as const;

// ALEX's own resource URLs: absolute, lower-case /fhir/ (ALEX.md section 2).
const ABSOLUTE_ALEX_URL = /^https?:\/\/[^/]+(?:\/[^/]+)*\/fhir\/(Patient|Practitioner)\/[^/]+$/;

/** The first bytes each accepted type must start with: a mislabelled payload is refused too. */
const MAGIC: Record<(typeof SCAN_CONTENT_TYPES)[number], Buffer[]> = {
  'application/pdf': [Buffer.from('%PDF-')],
  'image/tiff': [Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.from([0x4d, 0x4d, 0x00, 0x2a])],
};

function absoluteReference(
  reference: fhir4.Reference | undefined,
  element: string,
): fhir4.OperationOutcome | undefined {
  if (reference?.reference && ABSOLUTE_ALEX_URL.test(reference.reference)) return undefined;
  return OUTCOMES.invalid(`${element} must be ALEX's absolute URL (https://<host>/fhir/<Type>/<id>)`);
}

/**
 * ALEX's rules for `POST /DocumentReference` (ALEX.md section 7), in order: the identifier
 * value (as Media, exact text), the LOINC type (`invalid`), one attachment of an accepted type
 * (`not-supported`), base64 data under 8 MB (`too-long`), whose first bytes match the type
 * [emulator], then absolute lower-case subject and author URLs [emulator] that point at a
 * Patient and a Practitioner of this facility [assumed].
 */
export function documentReferenceRules(
  document: fhir4.DocumentReference,
  context: RuleContext,
): fhir4.OperationOutcome | undefined {
  const identifiers = document.identifier ?? [];
  if (identifiers.length === 0 || identifiers.some((identifier) => !identifier.value?.trim())) {
    return OUTCOMES.identifierMissing();
  }
  const codings = document.type?.coding ?? [];
  if (
    codings.length !== 1 ||
    codings[0].system !== SCAN_LOINC.system ||
    codings[0].code !== SCAN_LOINC.code
  ) {
    return OUTCOMES.invalid('DocumentReference.type must be LOINC 72170-4 (Photographic image)');
  }
  if (document.content.length !== 1) {
    return OUTCOMES.invalid('DocumentReference.content must hold exactly one attachment');
  }
  const { attachment } = document.content[0];
  const contentType = attachment.contentType ?? '';
  if (!(SCAN_CONTENT_TYPES as readonly string[]).includes(contentType)) {
    return OUTCOMES.notSupported(
      `DocumentReference.content.attachment.contentType '${contentType}' is not supported; use ${SCAN_CONTENT_TYPES.join(' or ')}`,
    );
  }
  if (typeof attachment.data !== 'string' || attachment.data.length === 0) {
    return OUTCOMES.businessRule(
      'DocumentReference.content.attachment.data is required: content goes inline as base64',
    );
  }
  if (!isBase64(attachment.data)) {
    return OUTCOMES.structure('DocumentReference.content.attachment.data is not valid base64');
  }
  const bytes = decodedLength(attachment.data);
  if (bytes >= SCAN_MAX_BYTES) {
    return OUTCOMES.tooLong(`The document is ${bytes} bytes; it must be under ${SCAN_MAX_BYTES}`);
  }
  const head = Buffer.from(attachment.data.slice(0, 16), 'base64');
  if (
    !MAGIC[contentType as keyof typeof MAGIC].some((magic) => head.subarray(0, magic.length).equals(magic))
  ) {
    return OUTCOMES.notSupported(`The attachment's bytes are not ${contentType}`);
  }
  return (
    absoluteReference(document.subject, 'DocumentReference.subject') ??
    requirePatient(document.subject, 'DocumentReference.subject', context) ??
    firstRefusal(
      (document.author ?? []).map(
        (author) =>
          absoluteReference(author, 'DocumentReference.author') ??
          checkPractitioner(author, 'DocumentReference.author', context),
      ),
    )
  );
}

function firstRefusal(
  results: Array<fhir4.OperationOutcome | undefined>,
): fhir4.OperationOutcome | undefined {
  return results.find((result) => result !== undefined);
}
