import type { AuditAction, AuditRecord } from '../../schemas/audit';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const BALP_ENTITY = 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType';

/** FHIR AuditEvent.action per action: Create, Read, Update, Delete, Execute. */
const ACTION_CODE: Record<AuditAction, 'C' | 'R' | 'U' | 'D' | 'E'> = {
  'session.create': 'C',
  'session.revoke': 'U',
  'launch.decode': 'E',
  'file.upload': 'C',
  'file.read': 'R',
  'file.delete': 'D',
  'alex.create': 'C',
  'commit.queued': 'E',
  'commit.adopted': 'E',
  'commit.resend': 'E',
  'delivery.expired': 'E',
  'delivery.uncertain': 'E',
};
const INTERACTION: Partial<Record<AuditAction, string>> = {
  'file.read': 'read',
  'file.upload': 'create',
  'file.delete': 'delete',
  'alex.create': 'create',
  'session.create': 'create',
  'session.revoke': 'update',
};

/**
 * One audit record as an R4 AuditEvent shaped after IHE Basic Audit Log Patterns: a RESTful
 * event with the gateway as source, the actor as requesting agent, the patient as the subject
 * entity, the ALEX resource or staged file as a system object, and the correlation id as the
 * X-Request-Id entity so one request can be followed through logs and audit.
 */
export function toAuditEvent(record: AuditRecord): fhir4.AuditEvent {
  const interaction = INTERACTION[record.action];
  const entity: fhir4.AuditEventEntity[] = [
    {
      what: { reference: `Patient/${record.patientId}` },
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
        code: '1',
        display: 'Person',
      },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    },
    {
      what: { identifier: { value: record.correlationId } },
      type: { system: BALP_ENTITY, code: 'XrequestId', display: 'X-Request-Id' },
    },
  ];
  if (record.resource) {
    entity.push({
      what: { reference: `${record.resource.type}/${record.resource.id}` },
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
        code: '2',
        display: 'System Object',
      },
    });
  }
  if (record.fileId) {
    entity.push({
      what: { identifier: { system: 'urn:clinicpro:gateway:file', value: record.fileId } },
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
        code: '2',
        display: 'System Object',
      },
      ...(record.sha256 ? { detail: [{ type: 'sha256', valueString: record.sha256 }] } : {}),
    });
  }
  return {
    resourceType: 'AuditEvent',
    id: record.id,
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    ...(interaction
      ? { subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: interaction }] }
      : {}),
    action: ACTION_CODE[record.action],
    recorded: record.recorded,
    outcome: record.outcome === 'success' ? '0' : '4',
    outcomeDesc: record.errorCode ?? record.action,
    agent: [
      {
        type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] },
        who: {
          identifier: {
            system: `urn:clinicpro:gateway:actor:${record.actor.type}`,
            value: record.actor.keyId ?? record.actor.providerId ?? record.actor.type,
          },
        },
        requestor: true,
      },
    ],
    source: {
      site: record.facilityId,
      observer: { display: 'ClinicPro Integration Gateway' },
      type: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
          code: '4',
          display: 'Application Server',
        },
      ],
    },
    entity,
  };
}

/** The audit query's `format=fhir` answer: a Bundle of AuditEvent. */
export function toAuditBundle(records: AuditRecord[]): fhir4.Bundle {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    total: records.length,
    entry: records.map((record) => ({ fullUrl: `urn:uuid:${record.id}`, resource: toAuditEvent(record) })),
  } as fhir4.Bundle;
}
