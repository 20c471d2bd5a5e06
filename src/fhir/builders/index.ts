export {
  buildScanDocument,
  scanFileName,
  SCAN_DOCUMENT_TYPE,
  type ScanDocumentInput,
} from './document-reference';
export { alexResourceUrl } from './alex-urls';
