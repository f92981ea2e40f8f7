import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql-context';
import { RateLimited } from '../../platform/graphql/rate-limited.decorator';
import { authLimits, loginSubject } from './auth.limits';
import { LoginInput, LogoutInput, RefreshTokenInput } from './auth.input';
import { AuthPayload, LogoutPayload, toAuthPayload } from './auth.payload';
import { clientMeta } from './auth.routes';

/** The GraphQL door of the session lifecycle: the same AuthService as REST. Rate limits are the @RateLimited decorators, shared with REST. */
@Resolver()
export class AuthResolver {
  @RateLimited((context: GraphQLContext) => authLimits.loginAddress(context.services.config))
  @RateLimited(
    (context: GraphQLContext) => authLimits.login(context.services.config),
    (args) => loginSubject((args.input as LoginInput | undefined)?.email),
  )
  @Mutation(() => AuthPayload, { description: 'Signs in: a new session and its token pair.' })
  async login(
    @Arg('input', () => LoginInput, { description: 'The credentials.' }) input: LoginInput,
    @Ctx() context: GraphQLContext,
  ): Promise<AuthPayload> {
    return toAuthPayload(context, await context.services.auth.login({ ...input }, clientMeta(context.req)));
  }

  // Rate limits: applied by AuthService.refresh (per address, and per session once verified).
  @Mutation(() => AuthPayload, { description: 'Rotates a refresh token: a new pair for the same session.' })
  async refreshToken(
    @Arg('input', () => RefreshTokenInput, { description: 'The refresh token to spend.' }) input: RefreshTokenInput,
    @Ctx() context: GraphQLContext,
  ): Promise<AuthPayload> {
    return toAuthPayload(context, await context.services.auth.refresh({ ...input }, clientMeta(context.req)));
  }

  @Mutation(() => LogoutPayload, { description: 'Signs out by scope. Signing out twice is not an error.' })
  async logout(
    @Arg('input', () => LogoutInput, { description: 'Which sessions to end.' }) input: LogoutInput,
    @Ctx() context: GraphQLContext,
  ): Promise<LogoutPayload> {
    const revokedSessions = await context.services.auth.logout(
      { accessToken: context.accessToken },
      { scope: input.scope },
    );
    return { revokedSessions };
  }
}
