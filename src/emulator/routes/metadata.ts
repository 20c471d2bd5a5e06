import { Router, type Request, type RequestHandler } from 'express';
import { origin, sendFhir } from '../fhir-http';

const SEARCH_TOKEN = 'token' as const;

/** What the emulator serves, as a CapabilityStatement: the same surface ALEX exposes to ClinicPro. */
export function capabilityStatement(req: Request): fhir4.CapabilityStatement {
  const create = { code: 'create' as const };
  const read = { code: 'read' as const };
  const search = { code: 'search-type' as const };
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2025-11-01',
    publisher: 'ClinicPro ALEX emulator',
    kind: 'instance',
    software: { name: 'ALEX emulator', version: '1' },
    implementation: { description: 'ALEX emulator (fictional data)', url: `${origin(req)}/FHIR` },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          description: 'OAuth2 client credentials (Entra ID style); mt-facilityid header on every call',
        },
        resource: [
          {
            type: 'Patient',
            interaction: [read, search],
            searchParam: [{ name: 'identifier', type: SEARCH_TOKEN }],
          },
          {
            type: 'Media',
            interaction: [create, read, search],
            searchParam: [{ name: 'patient.identifier', type: SEARCH_TOKEN }],
          },
          {
            type: 'DocumentReference',
            interaction: [create, read, search],
            searchParam: [{ name: 'patient.identifier', type: SEARCH_TOKEN }],
          },
          { type: 'Communication', interaction: [create, read] },
          { type: 'Task', interaction: [create, read] },
          { type: 'Location', interaction: [read, search] },
          { type: 'Practitioner', interaction: [read, search] },
        ],
      },
    ],
  };
}

export function metadataRouter(guard: RequestHandler): Router {
  const router = Router();
  router.get('/metadata', guard, (req, res) => sendFhir(res, 200, capabilityStatement(req)));
  return router;
}
