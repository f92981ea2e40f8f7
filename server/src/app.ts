import http from 'node:http';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express, { type Express } from 'express';
import { LoaderRegistry, type GraphQLContext } from './platform/graphql/context';
import { createApolloServer } from './platform/graphql/apollo';
import { buildGraphQLSchema } from './platform/graphql/schema';
import { healthRoutes } from './platform/health/health.routes';
import { accessLog } from './platform/http/access-log';
import { errorHandler, notFoundHandler } from './platform/http/error-handler';
import { requestContextMiddleware } from './platform/http/request-id';
import { staticClient } from './platform/http/static-client';
import { createServices, type AppDeps, type AppServices } from './services';

/** The body limit of every JSON endpoint, GraphQL included (the contract's ~100 kB). */
export const BODY_LIMIT = '100kb';

export interface App {
  readonly express: Express;
  /** Not listening yet: main.ts (or a test) decides where. */
  readonly server: http.Server;
  readonly services: AppServices;
  /** Stops GraphQL; the caller closes the server and the connections it passed in. */
  stop(): Promise<void>;
}

export interface AppOptions {
  /** Extra routes mounted before the 404 handler (embedding the app, or tests). */
  mount?: (app: Express) => void;
}

/** Builds the whole HTTP surface from its dependencies. No I/O happens here. */
export async function createApp(deps: AppDeps, options: AppOptions = {}): Promise<App> {
  const { config, logger } = deps;
  const services = createServices(deps);
  const app = express();
  const server = http.createServer(app);

  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  app.use(requestContextMiddleware);
  app.use(accessLog(logger));
  if (config.http.corsOrigins.length > 0) {
    app.use(cors({ origin: [...config.http.corsOrigins], credentials: true, exposedHeaders: ['X-Request-ID'] }));
  }
  app.use(express.json({ limit: BODY_LIMIT }));

  app.use('/health', healthRoutes(deps));

  const apollo = createApolloServer({ schema: await buildGraphQLSchema(), config, logger });
  await apollo.start();
  const graphql = expressMiddleware(apollo, {
    context: async ({ req, res }): Promise<GraphQLContext> => ({
      requestId: req.context!.requestId,
      request: req.context!,
      req,
      res,
      viewer: null,
      loaders: new LoaderRegistry(),
      services,
    }),
  });
  app.use('/api/v1/graphql', graphql);
  app.use('/graphql', graphql);

  options.mount?.(app);
  app.use('/api', notFoundHandler);
  const client = staticClient(config.clientDistDir);
  if (client) app.use(client);
  app.use(notFoundHandler);
  app.use(errorHandler(logger));

  return { express: app, server, services, stop: () => apollo.stop() };
}
