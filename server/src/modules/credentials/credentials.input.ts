import { Field, InputType } from 'type-graphql';

// Inputs declare shapes only: CredentialsService checks them (credentials.validation.ts, shared with REST).
@InputType({ description: 'What register needs.' })
export class RegisterInput {
  @Field({ description: 'Your email address (never shown to others).' })
  email!: string;

  @Field({ description: '8 to 128 characters, used exactly as sent.' })
  password!: string;

  @Field({ nullable: true, description: 'Shown on your posts (1-80 characters); from the email when absent.' })
  displayName?: string;
}

@InputType({ description: 'What changePassword needs.' })
export class ChangePasswordInput {
  @Field({ description: 'The password in use now.' })
  currentPassword!: string;

  @Field({ description: '8 to 128 characters, used exactly as sent.' })
  newPassword!: string;
}

@InputType({ description: 'Ask for a password reset link by mail.' })
export class RequestPasswordResetInput {
  @Field({ description: 'The address of the account. Any address is accepted; only an account gets mail.' })
  email!: string;
}

@InputType({ description: 'Set a new password with the token from a reset mail.' })
export class ResetPasswordInput {
  @Field({ description: 'The token from the reset link (single use, 30 minutes).' })
  token!: string;

  @Field({ description: '8 to 128 characters, used exactly as sent.' })
  newPassword!: string;
}

@InputType({ description: 'Confirm an email address with the token from a verification mail.' })
export class VerifyEmailInput {
  @Field({ description: 'The token from the verification link (single use).' })
  token!: string;
}
