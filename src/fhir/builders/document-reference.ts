import { FHIR_URLS } from './fhir-urls';
import type { ImageMeta } from './media';
import { toNzDateTime } from './nz-time';
import { scanTitle } from '../scan/caption';
import type { ScanDocumentContent } from '../scan/types';
import { alexResourceUrl } from './alex-urls';

/** The fixed coding of the "ALEX Scanned Document" profile (ALEX.md section 7). */
export const SCAN_DOCUMENT_TYPE = {
  system: 'http://loinc.org',
  code: '72170-4',
  display: 'Photographic image',
} as const;

export interface ScanDocumentInput {
  /** Stable for this file across every attempt (the write-ahead record's identifier); kept short. */
  imageId: string;
  patientId: string;
  /** The commit's `providerId`: sent as `author` whenever known. */
  providerId?: string | null;
  /** `MEDTECH_API_BASE_URL`, from which the absolute Patient and Practitioner URLs are made. */
  apiBaseUrl: string;
  /** When the photo was taken, else received: the document's clinical day, as Media's createdDateTime. */
  date: Date;
  meta: ImageMeta;
  /** From `renderScanDocument`. */
  document: ScanDocumentContent;
}

const EXTENSION = { 'application/pdf': 'pdf', 'image/tiff': 'tif' } as const;
// Characters Windows refuses in a file name, and control characters.
const FILE_NAME_UNSAFE = /[\\/:*?"<>|\p{Cc}]+/gu;
const MAX_TITLE_IN_FILE_NAME = 80;

/** `2026-12-01 Left forearm lesion.pdf`: the NZ day first, so the Scan folder sorts by date. */
export function scanFileName(
  date: Date,
  title: string,
  contentType: ScanDocumentContent['contentType'],
): string {
  const day = toNzDateTime(date).slice(0, 10);
  const safe = title
    .replace(FILE_NAME_UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TITLE_IN_FILE_NAME)
    .trim();
  return `${day} ${safe || 'Clinical photo'}.${EXTENSION[contentType]}`;
}

/**
 * The Inbox Scan folder's DocumentReference for one photo ("ALEX Scanned Document", ALEX.md
 * section 7): the stable identifier, `status: current`, LOINC 72170-4, absolute lower-case
 * `/fhir/` Patient (and Practitioner) URLs, the NZ-offset `date`, a `description` a GP reads
 * in the Inbox, and the rendered PDF or TIFF inline with a file name as its `title`. Nothing
 * else: the profile is a draft, and every element beyond it is a chance to be refused.
 */
export function buildScanDocument(input: ScanDocumentInput): fhir4.DocumentReference {
  const title = scanTitle(input.meta);
  const isDefaultTitle = title === 'Clinical photo';
  return {
    resourceType: 'DocumentReference',
    identifier: [{ system: FHIR_URLS.imageIdentifier, value: input.imageId }],
    status: 'current',
    type: { coding: [{ ...SCAN_DOCUMENT_TYPE }] },
    subject: { reference: alexResourceUrl(input.apiBaseUrl, 'Patient', input.patientId) },
    date: toNzDateTime(input.date),
    ...(input.providerId && {
      author: [{ reference: alexResourceUrl(input.apiBaseUrl, 'Practitioner', input.providerId) }],
    }),
    description: isDefaultTitle ? title : `${title} (clinical photo)`,
    content: [
      {
        attachment: {
          contentType: input.document.contentType,
          data: input.document.bytes.toString('base64'),
          title: scanFileName(input.date, title, input.document.contentType),
        },
      },
    ],
  };
}
