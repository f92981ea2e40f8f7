import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver } from 'type-graphql';
import { requirePrincipal } from '../../platform/request-scope/request-scope';
import type { GraphQLContext } from '../../graphql-context';
import { expectGlobalId, toGlobalId } from '../../platform/ids/global-id';
import { Viewer } from '../auth/viewer.type';
import {
  CreatePersonalAccessTokenInput,
  CreatePersonalAccessTokenPayload,
  PERSONAL_ACCESS_TOKEN_TYPE,
  PersonalAccessToken,
  RevokePersonalAccessTokenInput,
  RevokePersonalAccessTokenPayload,
  toPersonalAccessToken,
} from './personal-access-token.type';

/** The GraphQL door of personal access tokens: parse, call the service, map. */
@Resolver(() => Viewer)
export class PersonalAccessTokenResolver {
  @FieldResolver(() => [PersonalAccessToken], {
    description: 'Your live personal access tokens, newest first (never their secrets).',
  })
  async personalAccessTokens(@Ctx() context: GraphQLContext): Promise<PersonalAccessToken[]> {
    const tokens = await context.services.personalAccessTokens.list(requirePrincipal(context));
    return tokens.map(toPersonalAccessToken);
  }

  @Authorized()
  @Mutation(() => CreatePersonalAccessTokenPayload, {
    description: 'Creates a scoped token for a third-party app; the secret is in the answer, once.',
  })
  async createPersonalAccessToken(
    @Arg('input', () => CreatePersonalAccessTokenInput, { description: 'Its name, scopes and lifetime.' })
    input: CreatePersonalAccessTokenInput,
    @Ctx() context: GraphQLContext,
  ): Promise<CreatePersonalAccessTokenPayload> {
    const { token, record } = await context.services.personalAccessTokens.create(requirePrincipal(context), {
      name: input.name,
      scopes: input.scopes,
      expiresInDays: input.expiresInDays,
    });
    return Object.assign(new CreatePersonalAccessTokenPayload(), {
      token,
      personalAccessToken: toPersonalAccessToken(record),
    });
  }

  @Authorized()
  @Mutation(() => RevokePersonalAccessTokenPayload, {
    description: 'Ends a token of yours: refused from the next request on, on every replica.',
  })
  async revokePersonalAccessToken(
    @Arg('input', () => RevokePersonalAccessTokenInput, { description: 'The token to end.' })
    input: RevokePersonalAccessTokenInput,
    @Ctx() context: GraphQLContext,
  ): Promise<RevokePersonalAccessTokenPayload> {
    const key = expectGlobalId(input.id, PERSONAL_ACCESS_TOKEN_TYPE);
    const record = await context.services.personalAccessTokens.revoke(requirePrincipal(context), key);
    return { revokedPersonalAccessTokenId: toGlobalId(PERSONAL_ACCESS_TOKEN_TYPE, record.id) };
  }
}
