import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { AppError } from '../../platform/errors/app-error';
import type { GraphQLContext } from '../../graphql-context';
import { requirePrincipal } from '../../platform/request-scope/request-scope';
import { RateLimited } from '../../platform/graphql/rate-limited.decorator';
import { authLimits, loginSubject } from './auth.limits';
import { toSession } from '../sessions/session.type';
import { toUser } from '../users/user.type';
import { clientMeta } from './auth.routes';
import type { IssuedTokens } from './auth.service';
import {
  AuthPayload,
  ChangePasswordInput,
  LoginInput,
  LogoutInput,
  LogoutPayload,
  RefreshTokenInput,
  RegisterInput,
  RegisterPayload,
} from './auth.types';
import { setDeviceCookie, setRefreshCookie } from './refresh-cookie';

/** The GraphQL door of auth: the same AuthService as REST. Rate limits are the @RateLimited decorators, shared with REST. */
@Resolver()
export class AuthResolver {
  @RateLimited((context: GraphQLContext) => authLimits.register(context.services.config))
  @Mutation(() => RegisterPayload, { description: 'Creates an account; sign in with login afterwards.' })
  async register(
    @Arg('input', () => RegisterInput, { description: 'The account to create.' }) input: RegisterInput,
    @Ctx() context: GraphQLContext,
  ): Promise<RegisterPayload> {
    const user = await context.services.auth.register({ ...input });
    return { user: toUser(user) };
  }

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
    return this.payload(context, await context.services.auth.login({ ...input }, clientMeta(context.req)));
  }

  // Rate limits: applied by AuthService.refresh (per address, and per session once verified).
  @Mutation(() => AuthPayload, { description: 'Rotates a refresh token: a new pair for the same session.' })
  async refreshToken(
    @Arg('input', () => RefreshTokenInput, { description: 'The refresh token to spend.' }) input: RefreshTokenInput,
    @Ctx() context: GraphQLContext,
  ): Promise<AuthPayload> {
    return this.payload(context, await context.services.auth.refresh({ ...input }, clientMeta(context.req)));
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

  @Authorized()
  @Mutation(() => AuthPayload, { description: 'Revokes every other session and returns a fresh pair for this one.' })
  async changePassword(
    @Arg('input', () => ChangePasswordInput, { description: 'The current and the new password.' })
    input: ChangePasswordInput,
    @Ctx() context: GraphQLContext,
  ): Promise<AuthPayload> {
    return this.payload(context, await context.services.auth.changePassword(requirePrincipal(context), { ...input }));
  }

  private async payload(context: GraphQLContext, issued: IssuedTokens): Promise<AuthPayload> {
    context.request.userId = issued.session.userId;
    setRefreshCookie(context.services.config, context.req, context.res, issued.refreshToken, issued.session.expiresAt);
    if (issued.deviceCookie) setDeviceCookie(context.services.config, context.req, context.res, issued.deviceCookie);
    const user = issued.user ?? (await context.services.users.byId(issued.session.userId, context.loaders));
    if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists.');
    return {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresIn: issued.expiresIn,
      session: toSession(issued.session, issued.session.id),
      user: toUser(user),
    };
  }
}
