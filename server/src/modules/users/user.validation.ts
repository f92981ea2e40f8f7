import { z } from 'zod';

/** The rule for display names, at registration and on every change. */
export const displayNameRule = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters')
  .refine((name) => !/\p{Cc}/u.test(name), 'must not contain control characters');

/** The commands of this module, checked once in UserService. */
export const userCommands = {
  updateProfile: z.object({ displayName: displayNameRule }),
};
