import { correlationIdOf } from '../middleware/locals';
import { assertFacilityAllowed } from '../services/facilities';
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { parseRequest } from '../middleware/validate';
import { testConnectivity, type AlexClient } from '../services/alex';
import type { TokenService } from '../services/oauth';
import { medtechTestQuery } from '../schemas/medtech';

/** `GET /api/medtech/token-info`: the token's times and counters, never the token. */
export function tokenInfoController(tokens: Pick<TokenService, 'info'>): RequestHandler {
  return (_req, res) => {
    res.json(tokens.info());
  };
}

/**
 * `GET /api/medtech/test`: proves token + ALEX connectivity for one facility. A patient that is
 * not found is still a successful round trip: `200` with `patientFound: false`, `patientId: null`
 * (ALEX answered, which is what the endpoint checks). ALEX failures are the usual error envelope.
 */
export function connectivityTestController(deps: {
  config: Readonly<Config>;
  alex: Pick<AlexClient, 'readPatient' | 'searchPatientByNhi'>;
  clock?: () => number;
}): RequestHandler {
  const clock = deps.clock ?? Date.now;
  const { medtech } = deps.config;
  return async (req, res) => {
    const started = clock();
    const query = parseRequest(medtechTestQuery, req, 'query');
    const facilityId = query.facilityId ?? medtech.facilityId;
    assertFacilityAllowed(deps.config, facilityId);
    const result = await testConnectivity(
      deps.alex,
      query.patientId
        ? { facilityId, patientId: query.patientId }
        : { facilityId, nhi: query.nhi ?? medtech.testNhi },
    );
    res.json({
      ok: true,
      correlationId: correlationIdOf(res),
      durationMs: clock() - started,
      facilityId,
      ...result,
    });
  };
}
