import { Router, type RequestHandler } from 'express';
import { assertFacilityAllowed } from '../../services/facilities';
import { parseRequest } from '../../middleware/validate';
import { auditQuery } from '../../schemas/audit';
import type { AuditTrail } from './audit-trail';
import { toAuditBundle } from './fhir-export';

/**
 * `GET /api/integrations/medtech/audit`: who did what to a practice's (or one patient's) photos
 * and when. Newest first, at most `limit`; `format=fhir` gives a Bundle of AuditEvent.
 */
export function auditRoutes(deps: {
  audit: Pick<AuditTrail, 'read'>;
  apiKeyAuth: RequestHandler;
  facilityIds: readonly string[];
}): Router {
  const router = Router();
  router.get('/integrations/medtech/audit', deps.apiKeyAuth, async (req, res) => {
    const query = parseRequest(auditQuery, req, 'query');
    assertFacilityAllowed({ medtech: { facilityIds: [...deps.facilityIds] } }, query.facilityId);
    const all = await deps.audit.read({ from: query.from, to: query.to });
    const records = all
      .filter((record) => record.facilityId === query.facilityId)
      .filter((record) => query.patientId === undefined || record.patientId === query.patientId)
      .reverse()
      .slice(0, query.limit);
    if (query.format === 'fhir') {
      res.type('application/fhir+json').send(JSON.stringify(toAuditBundle(records)));
      return;
    }
    res.json({ records });
  });
  return router;
}
