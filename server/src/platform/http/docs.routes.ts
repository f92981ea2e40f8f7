import { Router } from 'express';
import { z } from 'zod';
import type { ApiDocument, RestOperation } from './api-document';
import { packageDir, serveBrowserPage } from './browser-page';

/** Swagger UI's browser bundle, served from the npm package: the reference page needs no CDN. */
const SWAGGER_UI = packageDir('swagger-ui-dist');
const ASSETS = Object.fromEntries(
  ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'].map((file) => [file, { dir: SWAGGER_UI, file }]),
);

// The page loads only same-origin files (no inline script), so a `script-src 'self'` CSP holds.
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Inkwell REST API</title>
    <link rel="icon" type="image/png" href="favicon-32x32.png" />
    <link rel="stylesheet" href="swagger-ui.css" />
  </head>
  <body>
    <div id="api-reference"></div>
    <script src="swagger-ui-bundle.js"></script>
    <script src="init.js"></script>
  </body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to an outside validator.
const INIT = `window.ui = SwaggerUIBundle({
  url: '../openapi.json',
  dom_id: '#api-reference',
  validatorUrl: null,
  deepLinking: true,
  tryItOutEnabled: false,
});
`;

export const docsOperations = {
  openapi: {
    operationId: 'openapi',
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'meta',
    summary: 'This document (OpenAPI 3.1)',
    success: { description: 'The OpenAPI document.', data: z.looseObject({ openapi: z.string() }) },
    raw: { contentType: 'application/json', schema: z.looseObject({ openapi: z.literal('3.1.0') }) },
  },
  docs: {
    operationId: 'apiReference',
    method: 'get',
    path: '/api/v1/docs/',
    tag: 'meta',
    summary: 'The reference page of this document (HTML)',
    success: { description: 'An HTML page.', data: z.string() },
    raw: { contentType: 'text/html', schema: z.string() },
  },
} satisfies Record<string, RestOperation>;

/** `GET /api/v1/openapi.json` and the reference page at `GET /api/v1/docs/`. */
export function docsRoutes(api: ApiDocument, options: { publicUrl: string; version: string }): Router {
  const router = Router({ strict: true });

  api.add(docsOperations.openapi);
  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(api.build({ version: options.version, serverUrl: options.publicUrl }));
  });

  api.add(docsOperations.docs);
  serveBrowserPage(router, { mount: '/docs', url: '/api/v1/docs/', html: PAGE, init: INIT, assets: ASSETS });
  return router;
}
