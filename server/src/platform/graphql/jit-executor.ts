import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  BREAK,
  execute,
  getNamedType,
  getVariableValues,
  GraphQLError,
  isAbstractType,
  locatedError,
  printSchema,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Logger } from 'pino';
import type { GraphQLHttpContext } from './context';

/**
 * Executes operations with graphql-jit instead of graphql-js: each operation is compiled once
 * into a JavaScript function (no per-field interpretation of the document, default resolvers
 * inlined as property reads) and the compiled function is kept in a bounded LRU.
 *
 * It plugs into Apollo Server through its gateway interface, which replaces only the execute
 * step: parsing, validation (query shape), the document cache, every plugin hook
 * (didResolveOperation: operation name and cost; willSendResponse: requestId, meta) and
 * formatError run exactly as before. What the executor returns is made to look like graphql-js's
 * own result:
 * - an operation Apollo could not resolve (no or unknown operation name), the rare document
 *   graphql-jit cannot compile, and one selecting an abstract type whose `resolveType` is async
 *   (graphql-jit needs the type synchronously) run on graphql-js itself;
 * - variables are coerced by graphql-js first, so their errors keep graphql-js's wording and
 *   nodes (Apollo recognises them as BAD_USER_INPUT by both);
 * - graphql-jit's errors become graphql-js `GraphQLError`s with the same message, path,
 *   locations and original error (what formatError unwraps to find an AppError).
 */

type Gateway = ApolloServerOptionsWithGateway<GraphQLHttpContext>['gateway'];
type SchemaListener = Parameters<Gateway['onSchemaLoadOrUpdate']>[0];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;
type ExecutorRequest = Parameters<Executor>[0];

/** Distinct (document, operation) pairs kept compiled; a real client set is far smaller. */
export const DEFAULT_COMPILED_QUERY_CACHE_SIZE = 1_000;

/** Fell back to graphql-js for this operation (graphql-jit refused to compile it). */
const INTERPRETED = Symbol('interpreted');
type CacheEntry = CompiledQuery | typeof INTERPRETED;

/** A Map in least-recently-used order: a hit moves to the end, the front is evicted. */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly maxSize: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxSize) this.entries.delete(this.entries.keys().next().value as K);
  }
}

interface JitErrorShape {
  message: string;
  locations?: GraphQLError['locations'];
  path?: GraphQLError['path'];
  originalError?: unknown;
}

/** graphql-jit's error (its own constructor, no `nodes`) as the GraphQLError graphql-js would have built. */
export function toGraphQLError(error: JitErrorShape): GraphQLError {
  if (error instanceof GraphQLError && error.constructor === GraphQLError) return error;
  // graphql-js wraps what a resolver threw with locatedError (a non-Error becomes NonErrorThrown);
  // the errors graphql-jit raises itself (null in a non-null field, a scalar that does not
  // serialize) get a plain Error, as graphql-js creates for them.
  const original = error.originalError !== undefined ? error.originalError : new Error(error.message);
  const located = locatedError(original, undefined, error.path);
  if (located.locations === undefined && error.locations?.length) {
    (located as { locations: GraphQLError['locations'] }).locations = error.locations;
  }
  return located;
}

/** Interfaces and unions whose `resolveType` is an async function (type-graphql wraps custom ones so). */
function asyncAbstractTypes(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type) && type.resolveType?.constructor.name === 'AsyncFunction') names.add(type.name);
  }
  return names;
}

function selectsAnyOf(schema: GraphQLSchema, document: DocumentNode, typeNames: Set<string>): boolean {
  if (typeNames.size === 0) return false;
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (type && typeNames.has(getNamedType(type).name)) {
          found = true;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return found;
}

function normalizeResult(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map(toGraphQLError) };
}

export interface JitGatewayOptions {
  schema: GraphQLSchema;
  logger: Logger;
  cacheSize?: number;
}

export interface JitGateway extends Gateway {
  /** The compiled operations (for tests and diagnostics). */
  readonly cache: LruCache<string, CacheEntry>;
}

/** The gateway Apollo Server loads: a fixed schema and the graphql-jit executor. */
export function createJitGateway({
  schema,
  logger,
  cacheSize = DEFAULT_COMPILED_QUERY_CACHE_SIZE,
}: JitGatewayOptions): JitGateway {
  const cache = new LruCache<string, CacheEntry>(cacheSize);
  const listeners = new Set<SchemaListener>();
  const asyncTypes = asyncAbstractTypes(schema);

  function interpret(request: ExecutorRequest) {
    return execute({
      schema,
      document: request.document,
      contextValue: request.context,
      variableValues: request.request.variables,
      operationName: request.request.operationName,
    });
  }

  function compiled(request: ExecutorRequest): CacheEntry {
    // Apollo's queryHash is the sha256 of the query text; the schema never changes.
    const key = `${request.queryHash}:${request.request.operationName ?? ''}`;
    let entry = cache.get(key);
    if (entry === undefined) {
      const result = selectsAnyOf(schema, request.document, asyncTypes)
        ? { errors: [new GraphQLError(`selects an abstract type with an async resolveType (${[...asyncTypes]})`)] }
        : compileQuery(schema, request.document, request.request.operationName ?? undefined);
      if (isCompiledQuery(result)) entry = result;
      else {
        entry = INTERPRETED;
        logger.warn(
          { operation: request.operationName, errors: result.errors?.map((error) => error.message) },
          'graphql-jit could not compile an operation; it runs on graphql-js',
        );
      }
      cache.set(key, entry);
    }
    return entry;
  }

  const executor: Executor = async (request) => {
    const { operation } = request;
    if (!operation || !request.queryHash) return interpret(request);
    const query = compiled(request);
    if (query === INTERPRETED) return interpret(request);

    const variables = request.request.variables;
    if (operation.variableDefinitions?.length) {
      // graphql-js's own coercion (and its errors); graphql-jit coerces the raw values again.
      const coerced = getVariableValues(schema, operation.variableDefinitions, variables ?? {}, { maxErrors: 50 });
      if (coerced.errors) return { errors: coerced.errors };
    }
    const result = await query.query(undefined, request.context, variables);
    // Variables graphql-js accepted but graphql-jit did not: let graphql-js answer.
    if (!('data' in result)) return interpret(request);
    return normalizeResult(result);
  };

  return {
    cache,
    onSchemaLoadOrUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      const schemaContext = { apiSchema: schema, coreSupergraphSdl: printSchema(schema) };
      listeners.forEach((listener) => listener(schemaContext));
      return { executor };
    },
    async stop() {
      listeners.clear();
    },
  };
}
