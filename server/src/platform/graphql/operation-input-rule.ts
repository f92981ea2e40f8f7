import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { findNulCharacter, hasNulCharacter, nulCharacterError } from '../input/text-input';

const refused = (message: string, code: string, status: number) =>
  new GraphQLError(message, { extensions: { code, http: { status } } });

/**
 * What a document may contain before it runs, besides the schema's own rules:
 * - an operation type the schema has (graphql-js 16 validates none, and `subscription {…}`
 *   against a schema without subscriptions failed only in execution, as a 500);
 * - string literals that obey the boundary's text rule (text-input.ts), as variables do.
 */
export const operationInputRule: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root =
      node.operation === 'query'
        ? schema.getQueryType()
        : node.operation === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    if (!root) {
      context.reportError(
        refused(`This schema has no ${node.operation} operations.`, 'GRAPHQL_VALIDATION_FAILED', 400),
      );
    }
  },
  StringValue(node) {
    if (hasNulCharacter(node.value)) {
      context.reportError(
        refused('Invalid input: text must not contain the NUL character (U+0000).', 'BAD_USER_INPUT', 400),
      );
    }
  },
});

/**
 * The text rule for the variables of a GET request. A POST's variables arrive in the JSON body,
 * which the boundary checks before GraphQL runs (refuseNulCharacters); a GET's arrive as JSON
 * text inside the query string, where `\u0000` is six plain characters until Apollo parses it.
 * Without this a NUL reached PostgreSQL (22021) and came back as INTERNAL_SERVER_ERROR.
 */
export const getVariablesPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart({ request }) {
    if (request.http?.method !== 'GET') return;
    return {
      async didResolveOperation({ request: resolved }) {
        const field = resolved.variables ? findNulCharacter(resolved.variables, 'variables') : null;
        if (field === null) return;
        const error = nulCharacterError(field);
        throw new GraphQLError(error.message, {
          originalError: error,
          extensions: { code: error.code, http: { status: error.status } },
        });
      },
    };
  },
};
