import type { z } from 'zod';
import { AppError } from '../errors/app-error';

/** Checks a command's input once, for both doors: BAD_USER_INPUT with per-field details. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
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
