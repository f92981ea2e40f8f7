import { Field, Int, ObjectType } from 'type-graphql';
import { Session } from '../sessions/session.type';
import { User } from '../users/user.type';

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

@ObjectType({ description: 'What register returns.' })
export class RegisterPayload {
  @Field(() => User, { description: 'The new account.' })
  user!: User;
}

@ObjectType({ description: 'What logout returns.' })
export class LogoutPayload {
  @Field(() => Int, { description: 'How many sessions ended (0 when they had already ended).' })
  revokedSessions!: number;
}
