import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { GraphQLContext } from './context';
import { createFormatError } from './format-error';
import { createJitGateway } from './jit-executor';
import { operationInputRule } from './operation-input-rule';
import { requestMetaPlugin } from './plugins';
import { queryCostPlugin, queryShapeRule } from './query-limits';

export interface ApolloOptions {
  schema: GraphQLSchema;
  config: Config;
  logger: Logger;
  httpServer?: Server;
  /** More plugins (metrics, tracing), after the built-in ones. */
  plugins?: ApolloServerPlugin<GraphQLContext>[];
}

export function createApolloServer({ schema, config, logger, httpServer, plugins = [] }: ApolloOptions) {
  return new ApolloServer<GraphQLContext>({
    // GRAPHQL_JIT: operations compiled by graphql-jit (jit-executor.ts, ADR 4); else graphql-js.
    ...(config.graphql.jit
      ? { gateway: createJitGateway({ schema, logger: logger.child({ component: 'graphql-jit' }) }) }
      : { schema }),
    introspection: config.graphql.introspection,
    // "Did you mean …?" suggestions describe the schema: off wherever introspection is.
    hideSchemaDetailsFromClientErrors: !config.graphql.introspection,
    // Bounds parsing itself; depth, aliases and cost are checked on the parsed document.
    parseOptions: { maxTokens: config.graphql.limits.maxTokens },
    validationRules: [queryShapeRule(config.graphql.limits), operationInputRule],
    // In `only` mode the allowlist (persisted-queries.ts) is the only way in, not Apollo's APQ cache.
    ...(config.graphql.persistedQueries.mode === 'only' && { persistedQueries: false as const }),
    csrfPrevention: true,
    // main.ts owns the process lifecycle (drain, then close connections in order).
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(logger),
    // Compact JSON (Apollo pretty-prints by default): smaller bodies, less work per response.
    stringifyResult: (result) => JSON.stringify(result),
    logger: logger.child({ component: 'apollo' }),
    plugins: [
      // No field or type carries a cache hint, so the built-in cache-control plugin only ever
      // answered `Cache-Control: no-store`, at the price of a hook around every resolver
      // (which also wraps the schema's resolvers). requestMetaPlugin sets that header instead.
      ApolloServerPluginCacheControlDisabled(),
      requestMetaPlugin,
      queryCostPlugin<GraphQLContext>(config.graphql.limits),
      config.graphql.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
      ...plugins,
    ],
  });
}
