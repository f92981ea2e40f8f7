import type { Response } from 'express';
import { serializeList } from 'structured-headers';
import { currentRequestContext, type RateLimitState } from '../observability/request-context';

/**
 * The IETF httpapi RateLimit fields (draft-ietf-httpapi-ratelimit-headers, structured-field
 * form): `RateLimit-Policy` names each quota (`q` hits per `w` seconds) and `RateLimit` says
 * what is left of it (`r`) and in how many seconds a slot frees up (`t`). Every limit the request
 * was counted against (by a route or a service) is listed, on success and on errors alike.
 */
export function setRateLimitHeaders(res: Response): void {
  const statuses = currentRequestContext()?.rateLimits;
  if (!statuses?.length || res.headersSent) return;
  const fields = rateLimitFields(statuses);
  res.setHeader('RateLimit-Policy', fields.policy);
  res.setHeader('RateLimit', fields.limit);
}

/** The two field values for a list of quotas (also set on GraphQL answers under a token's limit). */
export function rateLimitFields(statuses: readonly RateLimitState[]): { policy: string; limit: string } {
  return {
    policy: serializeList(
      statuses.map(({ rule }) => [
        rule.name,
        new Map([
          ['q', rule.max],
          ['w', rule.windowSeconds],
        ]),
      ]),
    ),
    limit: serializeList(
      statuses.map(({ rule, remaining, resetSeconds }) => [
        rule.name,
        new Map([
          ['r', remaining],
          ['t', resetSeconds],
        ]),
      ]),
    ),
  };
}

/** Response headers a browser client on another origin may read (CORS `Access-Control-Expose-Headers`). */
export const RATE_LIMIT_HEADERS = ['RateLimit-Policy', 'RateLimit', 'Retry-After'] as const;
