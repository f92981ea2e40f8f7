import 'reflect-metadata';
import { isInterfaceType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './auth';
import { DateTimeScalar } from './date-time';
import { NodeResolver, resolveNodeType } from './node';

/**
 * The v1 schema, built from the type-graphql classes: the features' resolvers (given by the app,
 * src/resolvers.ts) and the platform's own `node`/`nodes`. Pure: no I/O, same output every time.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export async function buildGraphQLSchema(resolvers: readonly Function[]): Promise<GraphQLSchema> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const all: NonEmptyArray<Function> = [NodeResolver, ...resolvers];
  const schema = await buildSchema({
    resolvers: all,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    authChecker,
  });
  // type-graphql wraps a custom resolveType in an async function; graphql-jit needs the type
  // synchronously (jit-executor.ts interprets operations on async ones), so Node gets its own
  // synchronous function back: same answer, no promise per node.
  // type-graphql builds the root types itself and takes no description for them.
  schema.getQueryType()!.description = 'Reads: the feed, posts by slug, any object by global id, and you (viewer).';
  schema.getMutationType()!.description = 'Writes: each takes one `input` argument and returns a payload type.';
  const node = schema.getType('Node');
  if (isInterfaceType(node)) node.resolveType = resolveNodeType;
  return schema;
}

/** The SDL as committed to schema/v1.graphql: sorted, so diffs show only real changes. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
