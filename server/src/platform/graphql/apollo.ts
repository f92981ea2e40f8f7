import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { SharedStore } from '../shared-store/shared-store';
import type { Config } from '../config';
import { ApqCache } from './apq-cache';
import type { GraphQLHttpContext } from './context';
import { createFormatError } from './format-error';
import { createJitGateway } from './jit-executor';
import { getVariablesPlugin, operationInputRule } from './operation-input-rule';
import { rateLimitStatusPlugin, requestMetaPlugin } from './plugins';
import { queryCostPlugin, queryShapeRule } from './query-limits';

export interface ApolloOptions<TContext extends GraphQLHttpContext> {
  schema: GraphQLSchema;
  config: Config;
  logger: Logger;
  /** The shared store (Redis) that keeps APQ registrations for every replica. */
  store: SharedStore;
  httpServer?: Server;
  /** The app's checks on who may run an operation (token scopes), before its cost is counted. */
  accessPlugins?: ApolloServerPlugin<TContext>[];
  /** More plugins (metrics, tracing), after the built-in ones. */
  plugins?: ApolloServerPlugin<TContext>[];
}

export function createApolloServer<TContext extends GraphQLHttpContext>({
  schema,
  config,
  logger,
  store,
  httpServer,
  accessPlugins = [],
  plugins = [],
}: ApolloOptions<TContext>) {
  return new ApolloServer<TContext>({
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
    // In `only` mode the allowlist (persisted-queries.ts) is the only way in, not Apollo's APQ
    // cache; otherwise APQ registrations live in the shared store, seen by every replica.
    persistedQueries:
      config.graphql.persistedQueries.mode === 'only'
        ? false
        : { cache: new ApqCache(store, config.graphql.apqTtlSeconds, logger.child({ component: 'apq' })) },
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
      getVariablesPlugin,
      rateLimitStatusPlugin,
      ...accessPlugins,
      queryCostPlugin<TContext>(config.graphql.limits),
      config.graphql.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
      ...plugins,
    ],
  });
}
