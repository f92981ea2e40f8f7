import { Field, InputType, registerEnumType } from 'type-graphql';

export enum LogoutScopeEnum {
  LOCAL = 'local',
  OTHERS = 'others',
  GLOBAL = 'global',
}
registerEnumType(LogoutScopeEnum, {
  name: 'LogoutScope',
  description: 'LOCAL: this session; OTHERS: every other session; GLOBAL: all of them.',
  valuesConfig: {
    LOCAL: { description: 'Only the session making the request.' },
    OTHERS: { description: 'Every session of yours except this one.' },
    GLOBAL: { description: 'Every session of yours, this one included.' },
  },
});

// Inputs declare shapes only: AuthService checks them (auth.validation.ts, shared with REST).
@InputType({ description: 'What login needs.' })
export class LoginInput {
  @Field({ description: "The account's email address." })
  email!: string;

  @Field({ description: "The account's password, exactly as set." })
  password!: string;

  @Field({ nullable: true, description: 'A label for this session; derived from the User-Agent when absent.' })
  device?: string;
}

@InputType({ description: 'What refreshToken needs.' })
export class RefreshTokenInput {
  @Field({ description: 'The current refresh token of the session (it is spent by this call).' })
  refreshToken!: string;
}

@InputType({ description: 'What logout needs.' })
export class LogoutInput {
  @Field(() => LogoutScopeEnum, {
    nullable: true,
    defaultValue: LogoutScopeEnum.LOCAL,
    description: 'Which sessions to end (default LOCAL: this one).',
  })
  scope?: LogoutScopeEnum;
}
