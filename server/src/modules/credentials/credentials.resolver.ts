import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { requirePrincipal } from '../../platform/request-scope/request-scope';
import type { GraphQLContext } from '../../graphql-context';
import { RateLimited } from '../../platform/graphql/rate-limited.decorator';
import { authLimits } from '../auth/auth.limits';
import { AuthPayload, toAuthPayload } from '../auth/auth.payload';
import { toUser, User } from '../users/user.type';
import {
  ChangePasswordInput,
  RegisterInput,
  RequestPasswordResetInput,
  ResetPasswordInput,
  VerifyEmailInput,
} from './credentials.input';
import { AcceptedPayload, RegisterPayload, ResetPasswordPayload, VerifyEmailPayload } from './credentials.payload';

const requester = (context: GraphQLContext) => ({ ip: context.req.ip ?? 'unknown' });

/** The GraphQL door of credentials: the same CredentialsService, limits and codes as REST. */
@Resolver()
export class CredentialsResolver {
  @RateLimited((context: GraphQLContext) => authLimits.register(context.services.config))
  @Mutation(() => RegisterPayload, { description: 'Creates an account; sign in with login afterwards.' })
  async register(
    @Arg('input', () => RegisterInput, { description: 'The account to create.' }) input: RegisterInput,
    @Ctx() context: GraphQLContext,
  ): Promise<RegisterPayload> {
    return { user: toUser(await context.services.credentials.register({ ...input })) };
  }

  @Authorized()
  @Mutation(() => AuthPayload, { description: 'Revokes every other session and returns a fresh pair for this one.' })
  async changePassword(
    @Arg('input', () => ChangePasswordInput, { description: 'The current and the new password.' })
    input: ChangePasswordInput,
    @Ctx() context: GraphQLContext,
  ): Promise<AuthPayload> {
    const issued = await context.services.credentials.changePassword(requirePrincipal(context), { ...input });
    return toAuthPayload(context, issued);
  }

  @Mutation(() => AcceptedPayload, {
    description: 'Mails a reset link when the address has an account. The answer is the same for any address.',
  })
  async requestPasswordReset(
    @Arg('input', () => RequestPasswordResetInput, { description: 'The address to send a reset link to.' })
    input: RequestPasswordResetInput,
    @Ctx() context: GraphQLContext,
  ): Promise<AcceptedPayload> {
    return { accepted: await context.services.credentials.requestPasswordReset({ ...input }, requester(context)) };
  }

  @Mutation(() => ResetPasswordPayload, {
    description:
      'Sets a new password with a reset token and signs out every session (INVALID_TOKEN when used or expired).',
  })
  async resetPassword(
    @Arg('input', () => ResetPasswordInput, { description: 'The token from the mail and the new password.' })
    input: ResetPasswordInput,
    @Ctx() context: GraphQLContext,
  ): Promise<ResetPasswordPayload> {
    return { revokedSessions: await context.services.credentials.resetPassword({ ...input }, requester(context)) };
  }

  @Mutation(() => VerifyEmailPayload, {
    description: 'Confirms an email address (INVALID_TOKEN when used or expired).',
  })
  async verifyEmail(
    @Arg('input', () => VerifyEmailInput, { description: 'The token from the verification mail.' })
    input: VerifyEmailInput,
    @Ctx() context: GraphQLContext,
  ): Promise<VerifyEmailPayload> {
    return { user: toUser(await context.services.credentials.verifyEmail({ ...input }, requester(context))) };
  }

  @Authorized()
  @Mutation(() => AcceptedPayload, {
    description: "Mails a fresh verification link to the viewer's address (nothing when already confirmed).",
  })
  async resendVerificationEmail(@Ctx() context: GraphQLContext): Promise<AcceptedPayload> {
    const viewer = requirePrincipal(context);
    return { accepted: await context.services.credentials.resendVerificationEmail(viewer.userId, requester(context)) };
  }
}

/** `User.emailVerified`: its owner sees it, anyone else null. */
@Resolver(() => User)
export class UserEmailVerifiedResolver {
  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Whether this user confirmed their email address. Only the user themselves sees it; null for others.',
  })
  async emailVerified(@Root() user: User, @Ctx() context: GraphQLContext): Promise<boolean | null> {
    if (!context.principal || context.principal.userId !== user.userId) return null;
    const verified = await context.loaders.get('users.emailVerified', () =>
      context.services.credentials.verifiedUserIds([user.userId]),
    );
    return verified.has(user.userId);
  }
}
