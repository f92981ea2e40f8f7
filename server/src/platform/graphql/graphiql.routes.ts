import { Router } from 'express';
import { packageDir, serveBrowserPage } from '../http/browser-page';

/**
 * GraphiQL, self-hosted: where Apollo Sandbox (loaded from Apollo's CDN) cannot load, the same
 * GRAPHQL_SANDBOX setting also serves GraphiQL from its npm package at /api/v1/graphiql/.
 * GraphiQL 3 ships a browser bundle that needs only React 18's UMD builds beside it (GraphiQL 5
 * and React 19 ship none and would need a bundler step in the server build). Every file comes
 * from node_modules; the page has no inline script.
 */
const ASSETS: Record<string, { dir: string; file: string }> = {
  'react.production.min.js': { dir: packageDir('react'), file: 'umd/react.production.min.js' },
  'react-dom.production.min.js': { dir: packageDir('react-dom'), file: 'umd/react-dom.production.min.js' },
  'graphiql.min.js': { dir: packageDir('graphiql'), file: 'graphiql.min.js' },
  'graphiql.min.css': { dir: packageDir('graphiql'), file: 'graphiql.min.css' },
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Inkwell GraphQL (GraphiQL)</title>
    <link rel="stylesheet" href="graphiql.min.css" />
    <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="react.production.min.js"></script>
    <script src="react-dom.production.min.js"></script>
    <script src="graphiql.min.js"></script>
    <script src="init.js"></script>
  </body>
</html>
`;

// Same-origin fetcher: JSON bodies satisfy Apollo's CSRF prevention; a token pasted into the
// headers tab (`{"Authorization": "Bearer …"}`) is sent as is.
const INIT = `const fetcher = GraphiQL.createFetcher({ url: '../graphql' });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }),
);
`;

export function graphiqlRoutes(): Router {
  const router = Router({ strict: true });
  serveBrowserPage(router, { mount: '/graphiql', url: '/api/v1/graphiql/', html: PAGE, init: INIT, assets: ASSETS });
  return router;
}
