export {
  createCapabilities,
  providerEnvironment,
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
