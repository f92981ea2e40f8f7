import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Config } from '../../platform/config';
import { setRateLimitHeaders } from '../../platform/rate-limit/rate-limit-headers';
import { rateLimited, type RateLimiter, type RateRule } from '../../platform/rate-limit/rate-limiter';

/**
 * The auth rate limits, one definition for both doors: the GraphQL resolvers apply them with
 * @RateLimited, the REST routes with `restLimit`. Same rule name + same identity = same bucket,
 * so alternating doors gains nothing.
 */
export const authLimits = {
  login: (config: Config): RateRule => ({ name: 'login', ...config.rateLimits.login }),
  /** Per address alone, whatever the account: credential stuffing from one client. */
  loginAddress: (config: Config): RateRule => ({ name: 'login-address', ...config.rateLimits.loginAddress }),
  register: (config: Config): RateRule => ({ name: 'register', ...config.rateLimits.register }),
  refresh: (config: Config): RateRule => ({ name: 'refresh', ...config.rateLimits.refresh }),
};

/**
 * Login buckets are per address + account; case and padding must not open a new bucket. The key
 * holds a hash, so an oversized "email" cannot inflate Redis (it is refused as input anyway).
 */
export const loginSubject = (email: unknown): string =>
  typeof email === 'string' && email.length <= 1024
    ? createHash('sha256').update(email.trim().toLowerCase()).digest('base64url')
    : '';

export function restLimit(
  rateLimiter: RateLimiter,
  config: Config,
  rule: (config: Config) => RateRule,
  subject: (req: Request) => string = () => '',
): RequestHandler {
  return async (req, res, next) => {
    const status = await rateLimiter.check(rule(config), { ip: req.ip ?? 'unknown', subject: subject(req) });
    setRateLimitHeaders(res, status);
    if (status.retryAfter !== undefined) throw rateLimited(status.retryAfter);
    next();
  };
}
