import { validateFhirResource } from '../../../src/fhir/conformance';

/** A Media shaped like the one ALEX UAT accepted (ALEX.md section 4), with ClinicPro's metadata. */
function validMedia(): Record<string, unknown> {
  return {
    resourceType: 'Media',
    identifier: [{ system: 'https://clinicpro.co.nz/image-id', value: 'img-1' }],
    status: 'completed',
    type: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/media-type', code: 'image', display: 'Image' },
      ],
    },
    subject: { reference: 'Patient/14e52e16edb7a435bfa05e307afd008b' },
    encounter: { reference: 'Encounter/enc-1' },
    createdDateTime: '2025-11-11T15:00:00+13:00',
    bodySite: {
      coding: [{ system: 'http://snomed.info/sct', code: '14975008', display: 'Forearm' }],
      extension: [
        {
          url: 'https://clinicpro.co.nz/fhir/StructureDefinition/laterality',
          valueCodeableConcept: {
            coding: [{ system: 'http://snomed.info/sct', code: '7771000', display: 'Left' }],
          },
        },
      ],
      text: 'Left forearm',
    },
    width: 2048,
    height: 1536,
    content: { contentType: 'image/jpeg', data: '/9j/4AAQ', title: 'Left forearm lesion', size: 6 },
  };
}

describe('validateFhirResource (official FHIR R4 JSON schema)', () => {
  it('when a Media is well formed, then it is valid', () => {
    expect(validateFhirResource(validMedia())).toEqual({ valid: true });
  });

  it('when a field has the wrong type, then the issue names its path', () => {
    const result = validateFhirResource({ ...validMedia(), status: 42 });
    expect(result).toEqual({ valid: false, issues: [{ path: '/status', message: 'must be string' }] });
  });

  it('when a property is unknown to FHIR, then it is refused by name', () => {
    const result = validateFhirResource({ ...validMedia(), laterality: 'left' });
    expect(result).toEqual({
      valid: false,
      issues: [{ path: '/laterality', message: 'is not a property of this FHIR type' }],
    });
  });

  it('when a Reference is written as a plain string, then it is refused', () => {
    const result = validateFhirResource({ ...validMedia(), subject: 'Patient/1' });
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.issues.map((issue) => issue.path)).toContain('/subject');
  });

  it('when createdDateTime has hours but no time zone, then it is refused', () => {
    const result = validateFhirResource({ ...validMedia(), createdDateTime: '2025-11-11T15:00:00' });
    expect(result.valid).toBe(false);
  });

  it('when a required element is missing (Media.content), then it is refused', () => {
    const { content: _content, ...withoutContent } = validMedia();
    const result = validateFhirResource(withoutContent);
    expect(result).toEqual({
      valid: false,
      issues: [{ path: '/', message: "must have required property 'content'" }],
    });
  });

  it.each([
    [null, '/'],
    ['Media', '/'],
    [[], '/'],
    [{}, '/resourceType'],
    [{ resourceType: 'Widget' }, '/resourceType'],
    [{ resourceType: 'Project' }, '/resourceType'],
  ])('when given %j, then it is refused at %s', (value, path) => {
    const result = validateFhirResource(value);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.issues[0].path).toBe(path);
  });

  it('when a resource is very wrong, then at most 20 issues are listed', () => {
    const junk: Record<string, unknown> = { resourceType: 'Media', content: {} };
    for (let i = 0; i < 50; i += 1) junk[`extra${i}`] = i;
    const result = validateFhirResource(junk);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.issues).toHaveLength(20);
  });

  it('when validating Communication and Task as the gateway builds them, then they are valid', () => {
    const communication = {
      resourceType: 'Communication',
      status: 'completed',
      subject: { reference: 'Patient/p1' },
      recipient: [{ reference: 'Practitioner/pr1' }],
      payload: [{ contentReference: { reference: 'Media/m1' } }, { contentString: 'Please review' }],
      sent: '2025-11-11T15:00:00+13:00',
    };
    const task = {
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      for: { reference: 'Patient/p1' },
      focus: { reference: 'Media/m1' },
      owner: { reference: 'Practitioner/pr1' },
      description: 'Follow up',
      restriction: { period: { end: '2026-12-01' } },
    };
    expect(validateFhirResource(communication)).toEqual({ valid: true });
    expect(validateFhirResource(task)).toEqual({ valid: true });
  });
});
