import type { RequestHandler } from 'express';
import { ifNoneMatchHits, type Capabilities } from '../services/capabilities';

/** The same for every caller and every request, so a browser or the frontend may keep it 5 min. */
const CACHE_CONTROL = 'private, max-age=300';

/**
 * Serves the precomputed capabilities document. Sets Cache-Control here, overriding the
 * no-store the app puts on every /api answer: this document holds no patient data.
 */
export function getCapabilities(capabilities: Capabilities): RequestHandler {
  return (req, res) => {
    res.set({ ETag: capabilities.etag, 'Cache-Control': CACHE_CONTROL });
    if (ifNoneMatchHits(req.get('if-none-match'), capabilities.etag)) {
      res.status(304).end();
      return;
    }
    res.type('application/json').send(capabilities.json);
  };
}
