import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Session } from '../sessions/session.type';
import { User } from '../users/user.type';

export enum LogoutScopeEnum {
  LOCAL = 'local',
  OTHERS = 'others',
  GLOBAL = 'global',
}
registerEnumType(LogoutScopeEnum, {
  name: 'LogoutScope',
  description: 'LOCAL: this session; OTHERS: every other session; GLOBAL: all of them.',
});

// Inputs declare shapes only: the rules live in auth.validation.ts, shared with REST.
@InputType()
export class RegisterInput {
  @Field()
  email!: string;

  @Field({ description: '8 to 128 characters, used exactly as sent.' })
  password!: string;

  @Field({ nullable: true })
  displayName?: string;
}

@InputType()
export class LoginInput {
  @Field()
  email!: string;

  @Field()
  password!: string;

  @Field({ nullable: true, description: 'A label for this session; derived from the User-Agent when absent.' })
  device?: string;
}

@InputType()
export class RefreshTokenInput {
  @Field()
  refreshToken!: string;
}

@InputType()
export class LogoutInput {
  @Field(() => LogoutScopeEnum, { nullable: true, defaultValue: LogoutScopeEnum.LOCAL })
  scope?: LogoutScopeEnum;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  currentPassword!: string;

  @Field()
  newPassword!: string;
}

@ObjectType()
export class AuthPayload {
  @Field()
  accessToken!: string;

  @Field()
  refreshToken!: string;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @Field(() => Session)
  session!: Session;

  @Field(() => User)
  user!: User;
}

@ObjectType()
export class RegisterPayload {
  @Field(() => User)
  user!: User;
}

@ObjectType()
export class LogoutPayload {
  @Field(() => Int)
  revokedSessions!: number;
}
