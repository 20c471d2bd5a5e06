import { buildScanDocument } from './builders/document-reference';
import type { ImageMeta } from './builders/media';
import { renderScanDocument, scanCaption, type ScanFormat, type ScanPicture } from './scan';

/** Everything the commit path knows about one file when it writes its Inbox Scan document. */
export interface ComposeScanDocumentInput {
  /** The write-ahead record's identifier for this file: the same on every attempt. */
  imageId: string;
  patientId: string;
  providerId?: string | null;
  /** `config.medtech.apiBaseUrl`. */
  apiBaseUrl: string;
  /** `config.medtech.scanFormat`. */
  format: ScanFormat;
  /** The stored JPEG with its size. */
  picture: ScanPicture;
  /** The validated dictionary metadata (the dictionary's codings, not the caller's). */
  meta: ImageMeta;
  /** Capture time read before stripping (kept in the commit record), or null. */
  capturedAt: Date | null;
  /** When the upload was received. */
  receivedAt: Date;
}

/**
 * The one call the commit path makes for a Scan write: caption, PDF or TIFF, then the
 * DocumentReference, dated by the capture time when known, else the upload. Throws AppError
 * `SCAN_TOO_LARGE` for a document of 8 MB or more. Deterministic for PDF: a retry sends the
 * same bytes.
 */
export async function composeScanDocument(input: ComposeScanDocumentInput): Promise<fhir4.DocumentReference> {
  const caption = scanCaption({ ...input.meta, capturedAt: input.capturedAt, receivedAt: input.receivedAt });
  const document = await renderScanDocument({ ...input.picture, caption, format: input.format });
  const taken = input.capturedAt && !Number.isNaN(input.capturedAt.getTime()) ? input.capturedAt : null;
  return buildScanDocument({
    imageId: input.imageId,
    patientId: input.patientId,
    providerId: input.providerId,
    apiBaseUrl: input.apiBaseUrl,
    date: taken ?? input.receivedAt,
    meta: input.meta,
    document,
  });
}
