import { z } from 'zod';
import { parseInput } from '../../platform/validation/parse-input';
import { PASSWORD_MAX } from './password';

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
  login: z.object({ email: loginEmail, password: loginPassword, device: device.optional() }),
  refresh: z.object({ refreshToken }),
  logout: z.object({ scope: logoutScope.default('local') }),
};

/**
 * The REST bodies (snake_case): the same field rules, validated by the routes before the
 * service sees them, and published as they are in the OpenAPI document.
 */
export const restAuthBodies = {
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

/** The session commands' rules, checked once in AuthService: BAD_USER_INPUT with per-field details. */
export function parseAuthInput<K extends keyof typeof schemas>(kind: K, input: unknown): AuthInput<K> {
  return parseInput(schemas[kind], input) as AuthInput<K>;
}
