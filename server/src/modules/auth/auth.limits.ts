import { createHash } from 'node:crypto';
import type { Config } from '../../platform/config';
import type { RateRule } from '../../platform/rate-limit/rate-limiter';

/**
 * The auth rate limits, one definition for both doors: the GraphQL resolvers apply them with
 * @RateLimited, the REST routes with `restLimit`, the refresh limits are applied by the service
 * (they need the verified token's session). Same rule name + same identity = same bucket,
 * so alternating doors gains nothing.
 */
export const authLimits = {
  login: (config: Config): RateRule => ({ name: 'login', ...config.rateLimits.login }),
  /** Per address alone, whatever the account: credential stuffing from one client. */
  loginAddress: (config: Config): RateRule => ({ name: 'login-address', ...config.rateLimits.loginAddress }),
  register: (config: Config): RateRule => ({ name: 'register', ...config.rateLimits.register }),
  /** Per session (the refresh token's sid), whatever the address: one user's tabs and reloads. */
  refresh: (config: Config): RateRule => ({ name: 'refresh-session', ...config.rateLimits.refresh }),
  /** Per address, high: a whole office behind one NAT reloading pages must not reach it. */
  refreshAddress: (config: Config): RateRule => ({ name: 'refresh-address', ...config.rateLimits.refreshAddress }),
};

/**
 * Login buckets are per address + account; case and padding must not open a new bucket. The key
 * holds a hash, so an oversized "email" cannot inflate Redis (it is refused as input anyway).
 */
export const loginSubject = (email: unknown): string =>
  typeof email === 'string' && email.length <= 1024
    ? createHash('sha256').update(email.trim().toLowerCase()).digest('base64url')
    : '';
