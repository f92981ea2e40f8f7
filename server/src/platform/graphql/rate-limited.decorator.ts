import type { Request } from 'express';
import { createMethodMiddlewareDecorator } from 'type-graphql';
import type { RateLimiter, RateRule } from '../rate-limit/rate-limiter';

/** What `@RateLimited` needs from the GraphQL context: the app's limiter and the client address. */
export interface RateLimitedContext {
  readonly rateLimiter: RateLimiter;
  readonly req: Request;
}

/**
 * Limits a resolver per client address and a subject taken from its arguments. Every field
 * counts: aliases and several mutations in one document each consume a hit.
 */
export function RateLimited<TContext extends RateLimitedContext = RateLimitedContext>(
  rule: (context: TContext) => RateRule,
  subject: (args: Record<string, unknown>) => string = () => '',
) {
  return createMethodMiddlewareDecorator<TContext>(async ({ context, args }, next) => {
    await context.rateLimiter.consume(rule(context), {
      ip: context.req.ip ?? 'unknown',
      subject: subject(args),
    });
    return next();
  });
}
