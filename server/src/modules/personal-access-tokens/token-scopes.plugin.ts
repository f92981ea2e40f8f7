import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../../graphql-context';
import { rateLimitFields } from '../../platform/rate-limit/rate-limit-headers';
import type { TokenPrincipal } from './personal-access-token.service';
import type { TokenScopeValue } from './personal-access-token.record';

/** Never with a token: passwords, sessions, tokens themselves, sign-in and admin mutations. */
const NEVER = null;
type Rule = TokenScopeValue | typeof NEVER;

/**
 * What a personal access token needs for each schema coordinate it asks for. Anything not listed
 * is what an anonymous caller may read (public posts and profiles) and needs no scope. A type
 * listed here covers every field of it (reached through `node(id:)` too).
 */
export const FIELD_RULES: Readonly<Record<string, Rule>> = {
  'Viewer.email': 'READ_ACCOUNT',
  'Viewer.posts': 'READ_POSTS',
  'Viewer.sessions': NEVER,
  'Viewer.currentSession': NEVER,
  'Viewer.personalAccessTokens': NEVER,
  'Mutation.createPost': 'WRITE_POSTS',
  'Mutation.updatePost': 'WRITE_POSTS',
  'Mutation.deletePost': 'WRITE_POSTS',
  'Mutation.restorePost': 'WRITE_POSTS',
  'Mutation.register': NEVER,
  'Mutation.login': NEVER,
  'Mutation.refreshToken': NEVER,
  'Mutation.logout': NEVER,
  'Mutation.changePassword': NEVER,
  'Mutation.revokeSession': NEVER,
  'Mutation.revokeAllSessions': NEVER,
  'Mutation.setFeatureFlag': NEVER,
  'Mutation.createPersonalAccessToken': NEVER,
  'Mutation.revokePersonalAccessToken': NEVER,
};
export const TYPE_RULES: Readonly<Record<string, Rule>> = { Session: NEVER, PersonalAccessToken: NEVER };

/** The first coordinate of the document the token may not ask for, with the scope it needs. */
function firstRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  scopes: readonly TokenScopeValue[],
): { coordinate: string; requiredScope: Rule } | null {
  const typeInfo = new TypeInfo(schema);
  let refusal: { coordinate: string; requiredScope: Rule } | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (refusal || !parent) return;
        const coordinate = `${parent.name}.${node.name.value}`;
        const rule = coordinate in FIELD_RULES ? FIELD_RULES[coordinate] : TYPE_RULES[parent.name];
        if (rule === undefined) return;
        if (rule === NEVER || !scopes.includes(rule)) refusal = { coordinate, requiredScope: rule ?? null };
      },
    }),
  );
  return refusal;
}

/**
 * Enforces a personal access token's scopes on every field of the operation before anything
 * runs (a refusal is FORBIDDEN with `details.requiredScope`, HTTP 403), and its own rate limit,
 * separate from the per-address ones, with the RateLimit fields on the answer. Requests signed
 * in with a session pass untouched.
 */
export const tokenScopesPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart({ contextValue }) {
    const token = (contextValue.principal as Partial<TokenPrincipal> | null)?.personalAccessToken;
    if (!token) return;
    return {
      async didResolveOperation({ schema, document, response }) {
        const { rateLimiter, config } = contextValue.services;
        const status = await rateLimiter.check(
          { name: 'token', ...config.rateLimits.token },
          { ip: 'token', subject: token.id },
        );
        const fields = rateLimitFields([status]);
        response.http.headers.set('ratelimit-policy', fields.policy);
        response.http.headers.set('ratelimit', fields.limit);
        if (status.retryAfter !== undefined) {
          response.http.headers.set('retry-after', String(status.retryAfter));
          throw new GraphQLError(`This token's rate limit is used up. Try again in ${status.retryAfter} s.`, {
            extensions: { code: 'RATE_LIMITED', retryAfter: status.retryAfter, http: { status: 429 } },
          });
        }
        const refusal = firstRefusal(schema, document, token.scopes);
        if (!refusal) return;
        throw new GraphQLError(
          refusal.requiredScope
            ? `This token lacks the ${refusal.requiredScope} scope that ${refusal.coordinate} needs.`
            : `A personal access token cannot use ${refusal.coordinate}; sign in instead.`,
          {
            extensions: {
              code: 'FORBIDDEN',
              details: { requiredScope: refusal.requiredScope, field: refusal.coordinate },
              http: { status: 403 },
            },
          },
        );
      },
    };
  },
};
