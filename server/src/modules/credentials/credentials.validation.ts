import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from '../auth/password';

const email = z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be an email address'));
const token = z.string().min(1, 'is required').max(200, 'is too long');
const newPassword = z
  .string()
  .refine((value) => [...value].length >= PASSWORD_MIN, { message: `must be at least ${PASSWORD_MIN} characters` })
  .refine((value) => [...value].length <= PASSWORD_MAX, { message: `must be at most ${PASSWORD_MAX} characters` });

/** The commands of this module, checked once in the service (REST and GraphQL send the same shapes). */
export const credentialsCommands = {
  requestPasswordReset: z.object({ email }),
  resetPassword: z.object({ token, newPassword }),
  verifyEmail: z.object({ token }),
};
