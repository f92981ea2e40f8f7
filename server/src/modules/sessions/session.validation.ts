import { z } from 'zod';

/** The owner's commands on their sessions, checked once in SessionService (the transport decodes global ids). */
export const sessionCommands = {
  revokeSession: z.object({ sessionId: z.string().min(1, 'is required').max(100, 'is too long') }),
  // GraphQL may send an explicit null for the optional flag: it means the default.
  revokeAllSessions: z.object({
    includeCurrent: z
      .boolean()
      .nullish()
      .transform((value) => value ?? false),
  }),
};
