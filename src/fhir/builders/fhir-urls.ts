/**
 * Every system and extension URL the gateway writes into FHIR resources, in one place, so they
 * can change together when Medtech publishes its own (ALEX.md section 4, CODES.md last section).
 */
export const FHIR_URLS = {
  /** Media.identifier.system: the stable per-image id that keeps a retry from duplicating. */
  imageIdentifier: 'https://clinicpro.co.nz/image-id',
  /** Identifiers of the inbox message and task created for an image. */
  communicationIdentifier: 'https://clinicpro.co.nz/communication-id',
  taskIdentifier: 'https://clinicpro.co.nz/task-id',
  /** On Media.bodySite: laterality has no R4 element and no SNOMED extension. */
  lateralityExtension: 'https://clinicpro.co.nz/fhir/StructureDefinition/laterality',
  /** On Media: the clinical image type (lesion, rash...); Media.type stays the FHIR media type. */
  imageTypeExtension: 'https://clinicpro.co.nz/fhir/StructureDefinition/image-type',
  mediaTypeSystem: 'http://terminology.hl7.org/CodeSystem/media-type',
  snomed: 'http://snomed.info/sct',
  nhiSystem: 'https://standards.digital.health.nz/ns/nhi-id',
} as const;
