import { createMethodMiddlewareDecorator } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context';
import type { RateRule } from './rate-limiter';

/**
 * Limits a resolver per client address and a subject taken from its arguments. Every field
 * counts: aliases and several mutations in one document each consume a hit.
 */
export function RateLimited(
  rule: (context: GraphQLContext) => RateRule,
  subject: (args: Record<string, unknown>) => string = () => '',
) {
  return createMethodMiddlewareDecorator<GraphQLContext>(async ({ context, args }, next) => {
    await context.services.rateLimiter.consume(rule(context), {
      ip: context.req.ip ?? 'unknown',
      subject: subject(args),
    });
    return next();
  });
}
