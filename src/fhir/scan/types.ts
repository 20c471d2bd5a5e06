/** The stored photo a Scan document is made from: the gateway's processed baseline JPEG. */
export interface ScanPicture {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** `MEDTECH_SCAN_FORMAT`: what the Inbox Scan folder receives (ALEX.md section 7). */
export type ScanFormat = 'pdf' | 'tiff';

/** The finished document, ready to go inline as `attachment.data`. */
export interface ScanDocumentContent {
  contentType: 'application/pdf' | 'image/tiff';
  bytes: Buffer;
}
