import { z } from 'zod';
import { parseInput } from '../../platform/validation/parse-input';
import { displayNameRule } from '../users/user.service';
import { PASSWORD_MAX, PASSWORD_MIN } from './password';

// Passwords are used exactly as sent: no trimming, no normalisation. Length counts characters.
const password = z.string().refine((value) => [...value].length >= PASSWORD_MIN, {
  message: `must be at least ${PASSWORD_MIN} characters`,
});
const boundedPassword = password.refine((value) => [...value].length <= PASSWORD_MAX, {
  message: `must be at most ${PASSWORD_MAX} characters`,
});
const email = z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be an email address'));

const schemas = {
  register: z.object({
    email,
    password: boundedPassword,
    displayName: displayNameRule.optional(),
  }),
  // A login password is not checked for the minimum (a wrong password is just wrong), but one
  // over the maximum is refused before any hashing work.
  login: z.object({
    email: z.string().trim().min(1, 'is required').max(254, 'must be at most 254 characters'),
    password: z
      .string()
      .min(1, 'is required')
      .refine((value) => [...value].length <= PASSWORD_MAX, {
        message: `must be at most ${PASSWORD_MAX} characters`,
      }),
    device: z.string().trim().max(100, 'must be at most 100 characters').optional(),
  }),
  changePassword: z.object({
    currentPassword: z
      .string()
      .min(1, 'is required')
      .max(PASSWORD_MAX * 4),
    newPassword: boundedPassword,
  }),
  refresh: z.object({ refreshToken: z.string().min(1, 'is required').max(4096, 'is too long') }),
  logout: z.object({ scope: z.enum(['local', 'others', 'global']).default('local') }),
};

export type AuthInput<K extends keyof typeof schemas> = z.infer<(typeof schemas)[K]>;

/** One set of rules for both doors (REST and GraphQL): BAD_USER_INPUT with per-field details. */
export function parseAuthInput<K extends keyof typeof schemas>(kind: K, input: unknown): AuthInput<K> {
  return parseInput(schemas[kind], input) as AuthInput<K>;
}
