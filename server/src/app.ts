import http from 'node:http';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import type { Request } from 'express';
import { authRoutes, bearerToken, jwksHandler } from './modules/auth/auth.routes';
import { authOperations } from './modules/auth/auth.operations';
import { isPersonalAccessToken } from './modules/personal-access-tokens/personal-access-token.service';
import { analyticsRoutes } from './modules/analytics/analytics.routes';
import { credentialsRoutes } from './modules/credentials/credentials.routes';
import { postRoutes } from './modules/posts/post.routes';
import { siteRoutes } from './modules/site/site.routes';
import { AppError, isAppError } from './platform/errors/app-error';
import { dependencyFailure } from './platform/errors/dependency-failure';
import express, { type Express } from 'express';
import type { GraphQLContext } from './graphql-context';
import { tokenScopesPlugin } from './modules/personal-access-tokens/token-scopes.plugin';
import { createApolloServer } from './platform/graphql/apollo';
import { graphiqlRoutes } from './platform/graphql/graphiql.routes';
import { graphqlErrorResponseMeta } from './platform/graphql/plugins';
import { GraphQLCachePolicy } from './platform/graphql/cache-policy';
import { graphqlHandler } from './platform/graphql/http-handler';
import { buildGraphQLSchema, printSortedSchema } from './platform/graphql/schema';
import { resolvers } from './resolvers';
import { loadPersistedQueries, persistedQueriesMiddleware } from './platform/graphql/persisted-queries';
import { healthRoutes } from './platform/health/health.routes';
import { accessLog } from './platform/http/access-log';
import { BASELINE_SECURITY, securityHeaderList, securityHeaders } from './platform/http/security-headers';
import { ApiDocument } from './platform/http/api-document';
import { docsRoutes } from './platform/http/docs.routes';
import { bypassUntilCached } from './platform/http/http-cache';
import { chain } from './platform/http/chain';
import { lingerOnClose } from './platform/http/lingering-close';
import { errorHandler, noteNulFreeJson, notFoundHandler, refuseNulCharacters } from './platform/http/error-handler';
import { requestContextMiddleware } from './platform/http/request-id';
import { staticClient } from './platform/http/static-client';
import { RATE_LIMIT_HEADERS } from './platform/rate-limit/rate-limit-headers';
import { createServices, type AppDeps, type AppServices } from './services';
import { LoaderRegistry } from './platform/request-scope/loader-registry';
import { poolStats } from './platform/db/database';
import {
  graphqlOperationSpan,
  operationTelemetryPlugin,
  persistedOperationNames,
} from './platform/graphql/operation-telemetry';
import { httpMetrics } from './platform/http/http-metrics';
import { namedRoute, trackRoutes } from './platform/http/route-template';
import { MetricsRegistry } from './platform/observability/metrics-registry';
import { createMetricsServer } from './platform/observability/metrics-server';

/** Where GraphQL is served: v1, and its alias. */
export const GRAPHQL_ENDPOINTS = ['/api/v1/graphql', '/graphql'] as const;

const isGraphQLRequest = (req: Request) => {
  const path = req.path.replace(/\/+$/, '');
  return GRAPHQL_ENDPOINTS.some((endpoint) => path === endpoint);
};

/** The body limit of every JSON endpoint, GraphQL included (the contract's ~100 kB). */
export const BODY_LIMIT = '100kb';

/** The version of the REST API in its OpenAPI document (v1 plus the additive v1.1 routes). */
const API_VERSION = '1.1.0';

export interface App {
  readonly express: Express;
  /** Not listening yet: main.ts (or a test) decides where. */
  readonly server: http.Server;
  readonly services: AppServices;
  /** The Prometheus registry this app records into; null when metrics are off (METRICS_PORT=0). */
  readonly metrics: MetricsRegistry | null;
  /** `GET /metrics`, not listening yet: main.ts puts it on METRICS_PORT, apart from the public port. */
  readonly metricsServer: http.Server | null;
  /** Stops GraphQL; the caller closes the server and the connections it passed in. */
  stop(): Promise<void>;
}

export interface AppOptions {
  /** Extra routes mounted before the 404 handler (embedding the app, or tests). */
  mount?: (app: Express) => void;
}

/**
 * Browser clients on the allowed origins may read the request id and the rate-limit headers,
 * cache a preflight for two hours (Chromium's cap), and are offered only the methods the API
 * has: GET/HEAD for reads, POST for GraphQL and the REST commands.
 */
export const corsOptions = (origins: readonly string[]): cors.CorsOptions => ({
  origin: [...origins],
  credentials: true,
  methods: ['GET', 'HEAD', 'POST'],
  exposedHeaders: ['X-Request-ID', ...RATE_LIMIT_HEADERS],
  maxAge: 7200,
});

/** Builds the whole HTTP surface from its dependencies. No I/O happens here. */
export async function createApp(deps: AppDeps, options: AppOptions = {}): Promise<App> {
  const { config, logger } = deps;
  const persistedQueries = loadPersistedQueries(
    config.graphql.persistedQueries.file,
    config.graphql.persistedQueries.mode,
  );
  // METRICS_PORT=0: nothing is recorded at all (no middleware, no plugin hooks).
  const metrics = deps.metrics ?? (config.metrics.port !== 0 ? new MetricsRegistry() : null);
  metrics?.allowOperations(persistedOperationNames(persistedQueries));
  metrics?.observePool(() => poolStats(deps.db));
  metrics?.observeDependencies({ postgres: () => deps.db.raw('select 1'), redis: () => deps.store.ping() });
  const services = createServices({ ...deps, metrics: metrics ?? undefined });
  const app = express();
  const server = http.createServer(app);
  lingerOnClose(server, { headers: securityHeaderList(BASELINE_SECURITY).headers });

  app.disable('x-powered-by');
  // API answers are dynamic JSON (GraphQL's `no-store`): hashing every body for an ETag nobody
  // revalidates is wasted work. Static files keep serve-static's ETag; index.html revalidates by
  // Last-Modified.
  app.set('etag', false);
  app.set('trust proxy', config.http.trustProxy);
  trackRoutes(app);
  // What every request passes first, as one express layer (chain.ts): its context and id, its
  // metrics, the baseline security headers (helmet's, worked out once: security-headers.ts),
  // its access line, CORS.
  app.use(
    chain(
      requestContextMiddleware,
      ...(metrics ? [httpMetrics(metrics)] : []),
      securityHeaders(BASELINE_SECURITY),
      accessLog(logger, { version: config.version }),
      ...(config.http.corsOrigins.length > 0 ? [cors(corsOptions(config.http.corsOrigins))] : []),
    ),
  );

  const schema = await buildGraphQLSchema(resolvers);
  const apollo = createApolloServer<GraphQLContext>({
    schema,
    config,
    logger,
    store: deps.store,
    accessPlugins: [tokenScopesPlugin],
    plugins: metrics || config.tracing ? [operationTelemetryPlugin(metrics)] : [],
  });
  await apollo.start();
  const graphql = graphqlHandler({
    apollo,
    responseCache: services.responseCache,
    policy: new GraphQLCachePolicy(schema, printSortedSchema(schema)),
    edgeMaxAgeSeconds: config.responseCache.edgeMaxAgeSeconds,
    context: async ({ req, res }): Promise<GraphQLContext> => ({
      requestId: req.context!.requestId,
      request: req.context!,
      req,
      res,
      ...(await authenticate(req)),
      loaders: new LoaderRegistry(),
      nodes: services.nodes,
      rateLimiter: services.rateLimiter,
      services,
    }),
  });

  /** Checks a Bearer token once per request; a failure is kept for the fields that need a principal. */
  async function authenticate(req: Request) {
    let accessToken: string | undefined;
    try {
      accessToken = bearerToken(req);
      if (!accessToken) return { principal: null, accessToken, authError: undefined };
      const principal = isPersonalAccessToken(accessToken)
        ? await services.personalAccessTokens.authenticate(accessToken)
        : await services.auth.authenticate(accessToken);
      req.context!.userId = principal.userId;
      req.context!.sessionId = principal.sessionId;
      return { principal, accessToken, authError: undefined };
    } catch (error) {
      const known = isAppError(error) ? error : dependencyFailure(error);
      if (!known) logger.error({ err: error }, 'authentication failed unexpectedly');
      const authError = known ?? new AppError('INTERNAL_SERVER_ERROR', 'Something went wrong. Quote the request id.');
      return { principal: null, accessToken, authError };
    }
  }
  const persisted = persistedQueriesMiddleware({
    mode: config.graphql.persistedQueries.mode,
    queries: persistedQueries,
    logger,
  });
  // The body, then one text rule for every door (text-input.ts): path, query string and body
  // here; GraphQL literals in a validation rule (operation-input-rule.ts).
  const body = chain(express.json({ limit: BODY_LIMIT, verify: noteNulFreeJson }), refuseNulCharacters);
  // GraphQL first among the endpoints, each one express layer with its whole pipeline: its
  // requests (the busiest) pass no other mount on their way. GraphQL is middleware, not a route:
  // it is named before the body is read, so a request refused there (encoding, JSON, NUL) logs
  // the same `route` as every other request to it.
  for (const endpoint of GRAPHQL_ENDPOINTS) {
    const traced = config.tracing ? [graphqlOperationSpan()] : [];
    app.use(
      endpoint,
      chain(namedRoute(endpoint), body, ...traced, graphqlErrorResponseMeta, bypassUntilCached, persisted, graphql),
    );
  }
  app.use(body);

  // Every REST route adds its operation here as it is mounted; served at /api/v1/openapi.json.
  const api = new ApiDocument();
  app.use('/health', healthRoutes(deps, api));

  api.add(authOperations.wellKnownJwks);
  app.get('/.well-known/jwks.json', jwksHandler(services.auth));
  // Other well-known paths are machine lookups: a 404 in the envelope, never the web client's HTML.
  app.use('/.well-known', notFoundHandler);
  // The refresh cookie is scoped to /api/v1/auth: only those routes parse cookies.
  app.use('/api/v1/auth', cookieParser(), authRoutes(services.auth, services.rateLimiter, config, api));
  app.use(
    '/api/v1/posts',
    postRoutes(services.posts, services.users, services.responseCache, config.responseCache, api),
  );
  app.use(
    '/api/v1/auth',
    credentialsRoutes(services.credentials, services.auth, { rateLimiter: services.rateLimiter, config, api }),
  );
  app.use('/api/v1/events', analyticsRoutes(services.analytics, api));
  app.use(siteRoutes({ posts: services.posts, users: services.users, config, logger }));

  options.mount?.(app);
  // After the GraphQL endpoints: a router mounted on all of /api/v1 before them would leave the
  // tracing instrumentation without their route name.
  app.use('/api/v1', docsRoutes(api, { publicUrl: config.publicUrl, version: API_VERSION }));
  if (config.graphql.sandbox) app.use('/api/v1', graphiqlRoutes());
  app.use('/api', notFoundHandler);
  // Metrics live on METRICS_PORT; here /metrics is a plain 404, never the SPA shell.
  app.use('/metrics', notFoundHandler);
  const client = staticClient(config.clientDistDir);
  if (client) app.use(namedRoute('static'), client);
  app.use(notFoundHandler);
  app.use(errorHandler(logger, isGraphQLRequest));

  const metricsServer = metrics && createMetricsServer(metrics, logger);
  return { express: app, server, services, metrics, metricsServer, stop: () => apollo.stop() };
}
