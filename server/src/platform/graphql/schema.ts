import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './auth';
import { NodeResolver } from './node';
import { resolvers as moduleResolvers } from '../../modules/resolvers';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const RESOLVERS: NonEmptyArray<Function> = [NodeResolver, ...moduleResolvers];

/** The v1 schema, built from the type-graphql classes. Pure: no I/O, same output every time. */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    authChecker,
  });
}

/** The SDL as committed to schema/v1.graphql: sorted, so diffs show only real changes. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
