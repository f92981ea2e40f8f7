import type { z } from 'zod';
import { AppError } from '../errors/app-error';

/**
 * Parses input with a zod schema; a failure is BAD_USER_INPUT with `{field: [messages]}` details.
 * One formatting for every door (REST bodies and queries, GraphQL inputs validated by services).
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const details: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || 'input';
    const message = issue.code === 'invalid_type' ? 'is required and must be a string' : issue.message;
    (details[field] ??= []).push(message);
  }
  throw new AppError('BAD_USER_INPUT', 'Some fields are invalid.', { details });
}
