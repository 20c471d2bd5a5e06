import { AppError } from '../../errors';
import { validateFhirResource } from '../../fhir/conformance';

/**
 * Refuses to send ALEX a resource the official FHIR R4 schema rejects. Such a resource is a
 * gateway bug, not the caller's fault, so it is INTERNAL; the schema's complaints go to the log.
 */
export function assertConformant(resource: fhir4.Resource): void {
  const result = validateFhirResource(resource);
  if (!result.valid) {
    throw new AppError('INTERNAL', {
      cause: new Error(
        `${resource.resourceType} failed FHIR R4 schema validation: ${JSON.stringify(result.issues.slice(0, 5))}`,
      ),
    });
  }
}
