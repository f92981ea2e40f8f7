import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from '../auth/password';
import { displayNameRule as displayName } from '../users/user.validation';

const email = z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be an email address'));
const token = z.string().min(1, 'is required').max(200, 'is too long');
// Passwords are used exactly as sent: no trimming, no normalisation. Length counts characters.
const newPassword = z
  .string()
  .refine((value) => [...value].length >= PASSWORD_MIN, { message: `must be at least ${PASSWORD_MIN} characters` })
  .refine((value) => [...value].length <= PASSWORD_MAX, { message: `must be at most ${PASSWORD_MAX} characters` });

/** The commands of this module, checked once in the service (REST and GraphQL send the same shapes). */
export const credentialsCommands = {
  register: z.object({ email, password: newPassword, displayName: displayName.optional() }),
  changePassword: z.object({
    currentPassword: z
      .string()
      .min(1, 'is required')
      .max(PASSWORD_MAX * 4),
    newPassword,
  }),
  requestPasswordReset: z.object({ email }),
  resetPassword: z.object({ token, newPassword }),
  verifyEmail: z.object({ token }),
};

/**
 * The REST bodies (snake_case where the field names differ): the same field rules, validated by
 * the routes before the service sees them, and published as they are in the OpenAPI document.
 */
export const restCredentialsBodies = {
  register: z
    .object({
      email: email.meta({ description: 'Your email address; it is never shown to others.' }),
      password: newPassword.meta({
        description: `${PASSWORD_MIN}-${PASSWORD_MAX} characters, used exactly as sent.`,
      }),
      display_name: displayName.optional().meta({ description: 'Shown on your posts (1-80 characters).' }),
    })
    .meta({ id: 'RegisterBody' }),
  forgot: z
    .object({ email: email.meta({ description: 'The address of the account; any address is accepted.' }) })
    .meta({ id: 'PasswordForgotBody' }),
  reset: z
    .object({
      token: token.meta({ description: 'The token from the reset link.' }),
      password: newPassword.meta({ description: `The new password, ${PASSWORD_MIN}-${PASSWORD_MAX} characters.` }),
    })
    .meta({ id: 'PasswordResetBody' }),
  verify: z
    .object({ token: token.meta({ description: 'The token from the verification link.' }) })
    .meta({ id: 'EmailVerifyBody' }),
};
