import type { Request, RequestHandler } from 'express';
import type { Config } from '../../platform/config';
import type { RateLimiter, RateRule } from '../../platform/rate-limit/rate-limiter';

/**
 * The auth rate limits, one definition for both doors: the GraphQL resolvers apply them with
 * @RateLimited, the REST routes with `restLimit`. Same rule name + same identity = same bucket,
 * so alternating doors gains nothing.
 */
export const authLimits = {
  login: (config: Config): RateRule => ({ name: 'login', ...config.rateLimits.login }),
  register: (config: Config): RateRule => ({ name: 'register', ...config.rateLimits.register }),
  refresh: (config: Config): RateRule => ({ name: 'refresh', ...config.rateLimits.refresh }),
};

/** Login buckets are per address + account; case and padding must not open a new bucket. */
export const loginSubject = (email: unknown): string => (typeof email === 'string' ? email.trim().toLowerCase() : '');

export function restLimit(
  rateLimiter: RateLimiter,
  config: Config,
  rule: (config: Config) => RateRule,
  subject: (req: Request) => string = () => '',
): RequestHandler {
  return async (req, _res, next) => {
    await rateLimiter.consume(rule(config), { ip: req.ip ?? 'unknown', subject: subject(req) });
    next();
  };
}
