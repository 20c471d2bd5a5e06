import { Router, type RequestHandler } from 'express';
import { sendApim } from '../fhir-http';
import type { EmulatorState } from '../state';

/** [assumed] API Management's words for a pair it cannot decode (ALEX.md section 8). */
export const LAUNCH_TEXT = {
  malformed: 'Invalid launch context.',
  badSignature: 'Launch context signature is not valid.',
} as const;

/**
 * `GET /FHIR/vendorforms/api/getlaunchcontextstring/{context}/{signature}`: the decode the
 * default MEDTECH_LAUNCH_DECODE_URL points at. Behind the usual guard (a bad token gets the
 * standard 401); a pair that is not base64 is 400, a wrong signature 401, both with an
 * APIM-style body that is not the token text, so a client can tell them apart.
 */
export function launchRouter(state: EmulatorState, guard: RequestHandler): Router {
  const router = Router();
  router.get('/vendorforms/api/getlaunchcontextstring/:context/:signature', guard, (req, res) => {
    const checked = state.launches.check(String(req.params.context), String(req.params.signature));
    if (checked.kind === 'malformed') return sendApim(res, 400, LAUNCH_TEXT.malformed);
    if (checked.kind === 'bad-signature') return sendApim(res, 401, LAUNCH_TEXT.badSignature);
    res.status(200).json(checked.context);
  });
  return router;
}
