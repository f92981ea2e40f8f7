import { Field, Int, ObjectType } from 'type-graphql';
import { AppError } from '../../platform/errors/app-error';
import type { GraphQLContext } from '../../graphql-context';
import { Session, toSession } from '../sessions/session.type';
import { toUser, User } from '../users/user.type';
import type { IssuedTokens } from './auth.service';
import { setDeviceCookie, setRefreshCookie } from './refresh-cookie';

@ObjectType({ description: "A signed-in session's token pair (login, refreshToken, changePassword)." })
export class AuthPayload {
  @Field({ description: 'Short-lived JWT: send it as `Authorization: Bearer <accessToken>`.' })
  accessToken!: string;

  @Field({ description: 'Single-use: trade it for a new pair with refreshToken before the session ends.' })
  refreshToken!: string;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @Field(() => Session, { description: 'The session these tokens belong to.' })
  session!: Session;

  @Field(() => User, { description: 'The signed-in user.' })
  user!: User;
}

@ObjectType({ description: 'What logout returns.' })
export class LogoutPayload {
  @Field(() => Int, { description: 'How many sessions ended (0 when they had already ended).' })
  revokedSessions!: number;
}

/**
 * Response mapper of a new pair (login, refreshToken, changePassword): the pair, its session and
 * user; web clients also get it as the refresh cookie (and, after a password sign-in, the device cookie).
 */
export async function toAuthPayload(context: GraphQLContext, issued: IssuedTokens): Promise<AuthPayload> {
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
