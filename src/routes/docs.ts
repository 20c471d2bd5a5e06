import { Router } from 'express';
import type { Config } from '../config';
import { buildOpenApiDocument } from '../openapi';
import { DOCS_ASSETS_PATH, SWAGGER_PAGE, swaggerAssets } from '../openapi/swagger-ui';

export interface DocsRoutesDeps {
  config: Readonly<Config>;
}

const SPEC_PATH = '/openapi.json';

/**
 * `/openapi.json` (always) and Swagger UI at `/docs` (when config.docs.enabled: outside
 * production by default, API_DOCS_ENABLED overrides). A page router: mounted at the root, outside
 * `/api`, so no API key is needed. The document is the public contract (paths, shapes, codes),
 * with no keys, facility ids or settings, so serving it openly costs nothing and lets anyone
 * generate a client. It is built once, here.
 */
export function docsRoutes({ config }: DocsRoutesDeps): Router {
  const json = JSON.stringify(buildOpenApiDocument(config));
  const router = Router();

  router.get(SPEC_PATH, (_req, res) => {
    // Revalidate on every load (cheap, with the ETag Express adds) so a deploy is seen at once.
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(json);
  });

  if (config.docs.enabled) {
    router.get('/docs', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(SWAGGER_PAGE);
    });
    router.use(DOCS_ASSETS_PATH, ...swaggerAssets(SPEC_PATH));
  }
  return router;
}
