export {
  createCapabilities,
  providerEnvironment,
  ACCEPTED_IMAGE_TYPES,
  MAX_FILES_PER_REQUEST,
  MAX_TOTAL_BYTES_PER_ENCOUNTER,
  WRITE_TARGETS,
  SCAN_FORMATS,
  type WriteTarget,
  type ScanFormat,
  type Capabilities,
  type CapabilitiesBody,
  type ProviderEnvironment,
} from './capabilities';
export {
  findCoding,
  DICTIONARIES,
  SNOMED_SYSTEM,
  IMAGE_VIEW_SYSTEM,
  IMAGE_TYPE_SYSTEM,
  type Coding,
  type DictionaryName,
  type Dictionaries,
} from './dictionaries';
export { ifNoneMatchHits } from './etag';
