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

// Inputs declare shapes only: the rules live in auth.validation.ts, shared with REST.
@InputType({ description: 'What register needs.' })
export class RegisterInput {
  @Field({ description: 'Your email address (never shown to others).' })
  email!: string;

  @Field({ description: '8 to 128 characters, used exactly as sent.' })
  password!: string;

  @Field({ nullable: true, description: 'Shown on your posts (1-80 characters); from the email when absent.' })
  displayName?: string;
}

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

@InputType({ description: 'What changePassword needs.' })
export class ChangePasswordInput {
  @Field({ description: 'The password in use now.' })
  currentPassword!: string;

  @Field({ description: '8 to 128 characters, used exactly as sent.' })
  newPassword!: string;
}
