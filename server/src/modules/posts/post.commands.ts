import { z } from 'zod';
import type { PostStatusValue } from './post.record';

/** The largest body, in UTF-8 bytes (the contract's 100 kB). */
export const MAX_BODY_BYTES = 100_000;
export const MAX_TITLE_LENGTH = 200;
export const MAX_SLUG_LENGTH = 200;

const title = z
  .string()
  .min(1, `must be 1 to ${MAX_TITLE_LENGTH} characters`)
  .max(MAX_TITLE_LENGTH, `must be 1 to ${MAX_TITLE_LENGTH} characters`)
  .regex(/\S/, 'must not be blank');
const markdown = z
  .string()
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_BODY_BYTES, `must be at most ${MAX_BODY_BYTES} bytes`);
const status = z.enum(['draft', 'published']) satisfies z.ZodType<PostStatusValue>;

/**
 * What an author can do to posts, checked once here by the service (the GraphQL inputs only
 * declare the shapes). The title is kept as sent and trimmed by the service.
 */
export const postCommands = {
  create: z.object({ title, body: markdown, status: status.optional() }),
  /** Only the fields to change; null or absent leaves one as it is. */
  update: z.object({ title: title.nullish(), body: markdown.nullish(), status: status.nullish() }),
  preview: z.object({ markdown }),
  /** No post has a longer slug: a longer one is a mistake, not a miss. */
  bySlug: z.object({ slug: z.string().min(1, 'is required').max(MAX_SLUG_LENGTH, 'is too long') }),
};

export type CreatePostCommand = z.input<typeof postCommands.create>;
export type UpdatePostCommand = z.input<typeof postCommands.update>;
