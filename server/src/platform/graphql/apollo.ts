import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { GraphQLContext } from './context';
import { createFormatError } from './format-error';
import { requestMetaPlugin } from './plugins';

export interface ApolloOptions {
  schema: GraphQLSchema;
  config: Config;
  logger: Logger;
  httpServer?: Server;
}

export function createApolloServer({ schema, config, logger, httpServer }: ApolloOptions) {
  return new ApolloServer<GraphQLContext>({
    schema,
    introspection: config.graphql.introspection,
    csrfPrevention: true,
    // main.ts owns the process lifecycle (drain, then close connections in order).
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(logger),
    logger: logger.child({ component: 'apollo' }),
    plugins: [
      requestMetaPlugin,
      config.graphql.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
  });
}
