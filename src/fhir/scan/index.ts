export { scanCaption, scanTitle, nzDate, type ScanCaptionInput } from './caption';
export { CAPTION_FONT_PATH } from './caption-font';
export { renderScanDocument, SCAN_MAX_BYTES, type RenderScanInput } from './render';
export { TIFF_DPI, TIFF_JPEG_QUALITY } from './tiff';
export type { ScanDocumentContent, ScanFormat, ScanPicture } from './types';
export { warmUpScanDocuments } from './warm-up';
