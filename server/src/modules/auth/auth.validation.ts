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

const displayName = displayNameRule;
// A login password is not checked for the minimum (a wrong password is just wrong), but one
// over the maximum is refused before any hashing work.
const loginEmail = z.string().trim().min(1, 'is required').max(254, 'must be at most 254 characters');
const loginPassword = z
  .string()
  .min(1, 'is required')
  .refine((value) => [...value].length <= PASSWORD_MAX, {
    message: `must be at most ${PASSWORD_MAX} characters`,
  });
const device = z.string().trim().max(100, 'must be at most 100 characters');
const refreshToken = z.string().min(1, 'is required').max(4096, 'is too long');
const logoutScope = z.enum(['local', 'others', 'global']);

const schemas = {
  register: z.object({ email, password: boundedPassword, displayName: displayName.optional() }),
  login: z.object({ email: loginEmail, password: loginPassword, device: device.optional() }),
  changePassword: z.object({
    currentPassword: z
      .string()
      .min(1, 'is required')
      .max(PASSWORD_MAX * 4),
    newPassword: boundedPassword,
  }),
  refresh: z.object({ refreshToken }),
  logout: z.object({ scope: logoutScope.default('local') }),
};

/**
 * The REST bodies (snake_case): the same field rules, validated by the routes before the
 * service sees them, and published as they are in the OpenAPI document.
 */
export const restAuthBodies = {
  register: z
    .object({
      email: email.meta({ description: 'Your email address; it is never shown to others.' }),
      password: boundedPassword.meta({
        description: `${PASSWORD_MIN}-${PASSWORD_MAX} characters, used exactly as sent.`,
      }),
      display_name: displayName.optional().meta({ description: 'Shown on your posts (1-80 characters).' }),
    })
    .meta({ id: 'RegisterBody' }),
  token: z
    .object({
      email: loginEmail,
      password: loginPassword,
      device: device.optional().meta({ description: 'A label for the new session (otherwise from the User-Agent).' }),
    })
    .meta({ id: 'TokenBody' }),
  refresh: z
    .object({
      refresh: refreshToken
        .optional()
        .meta({ description: 'The refresh token; browsers may send the cookie and `X-Requested-With` instead.' }),
    })
    .meta({ id: 'RefreshBody' }),
  logout: z
    .object({
      refresh: z
        .string()
        .max(4096, 'is too long')
        .optional()
        .meta({ description: 'The refresh token of the session.' }),
      scope: logoutScope
        .optional()
        .meta({ description: '`local` (default): this session; `others`: all but this one; `global`: all.' }),
    })
    .meta({ id: 'LogoutBody' }),
};

export type AuthInput<K extends keyof typeof schemas> = z.infer<(typeof schemas)[K]>;

/** One set of rules for both doors (REST and GraphQL): BAD_USER_INPUT with per-field details. */
export function parseAuthInput<K extends keyof typeof schemas>(kind: K, input: unknown): AuthInput<K> {
  return parseInput(schemas[kind], input) as AuthInput<K>;
}
