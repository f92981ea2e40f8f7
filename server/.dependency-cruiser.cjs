// Import boundaries of server/src (ADR 19), checked by `npm run lint` (lint:deps). Paths are
// relative to server/. Every rule is an error: a boundary nobody enforces is a suggestion.
//
// Layers, from the top: the app (main, app, services, resolvers, graphql-context, cli, worker)
// composes the features (modules/*: transport → service → data) on the platform (platform/*).
// Imports point down only.

/** Packages that are a transport: HTTP or GraphQL. */
const TRANSPORT_PACKAGES =
  'node_modules/(?:graphql|type-graphql|graphql-jit|graphql-scalars|graphql-rate-limit|@graphql-tools|express|@types/express|@apollo|@as-integrations|class-validator|cookie-parser|cors|helmet)/';

/** The app layer: composition roots and entry points, above every module. */
const APP_LAYER = '^src/(?:main|app|services|resolvers|graphql-context|worker|jobs)\\.ts$|^src/cli/';

/** A module's transport files: resolvers, routes, GraphQL shapes and plugins, REST operations, node loaders. */
const MODULE_TRANSPORT =
  '^src/modules/[^/]+/[^/]+\\.(?:resolver|routes|type|payload|input|inputs|plugin|operations|node|feeds)\\.ts$';

/** A module's service and data files. */
const SERVICE_OR_DATA = '^src/modules/[^/]+/[^/]+\\.(?:service|repository|store)\\.ts$';
const DATA = '^src/modules/[^/]+/[^/]+\\.(?:repository|store)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes load order matter and layers meaningless; type-only imports count too.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'platform-knows-no-feature',
      comment: 'platform/ is what every feature stands on: it imports no module and nothing of the app layer.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: ['^src/modules/', APP_LAYER] },
    },
    {
      name: 'transport-free-platform-pieces',
      comment: 'The request scope, pagination and global ids serve REST and GraphQL alike: no GraphQL, no express.',
      severity: 'error',
      from: { path: '^src/platform/(?:request-scope|pagination|ids)/' },
      to: { path: ['^src/platform/(?:graphql|http)/', TRANSPORT_PACKAGES] },
    },
    {
      name: 'services-and-data-import-no-transport',
      comment:
        'Services and repositories are called by every door: they import no GraphQL, type-graphql or express, no transport file of any module, and not the app layer.',
      severity: 'error',
      from: { path: SERVICE_OR_DATA },
      to: { path: ['^src/platform/(?:graphql|http)/', TRANSPORT_PACKAGES, MODULE_TRANSPORT, APP_LAYER] },
    },
    {
      name: 'services-and-data-reach-no-transport',
      comment:
        'Not through a helper either: nothing a service or repository imports, however indirectly, pulls in GraphQL or express.',
      severity: 'error',
      from: { path: SERVICE_OR_DATA },
      to: { path: ['^src/platform/(?:graphql|http)/', TRANSPORT_PACKAGES], reachable: true },
    },
    {
      name: 'data-imports-no-service',
      comment: 'Repositories and stores are the bottom of a module: transport → service → data, never back up.',
      severity: 'error',
      from: { path: DATA },
      to: { path: '^src/modules/[^/]+/[^/]+\\.service\\.ts$' },
    },
    {
      name: 'modules-import-no-composition-root',
      comment:
        'Features do not reach for the app that composes them; transports may name the GraphQL context type (graphql-context.ts) and nothing else of it.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: {
        path: '^src/(?:main|app|services|resolvers|worker|jobs)\\.ts$|^src/cli/',
        dependencyTypesNot: ['type-only'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are edges too: `import type` cycles still couple files.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
