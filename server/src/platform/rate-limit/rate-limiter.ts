import type { SharedStore } from '../shared-store/shared-store';
import { systemClock, type Clock } from '../clock';
import { AppError } from '../errors/app-error';
import { currentRequestContext, type RateLimitState } from '../observability/request-context';
import { NO_METRICS, type Metrics } from '../observability/metrics';

/** A limit: at most `max` hits per `windowSeconds`, per identity. */
export interface RateRule {
  readonly name: string;
  readonly max: number;
  readonly windowSeconds: number;
}

export interface RateIdentity {
  /** The client address as express resolved it (TRUST_PROXY decides whether XFF counts). */
  readonly ip: string;
  /** What else the bucket is keyed by (a normalised email, a user id); '' for none. */
  readonly subject: string;
}

/** Where one identity stands against one rule after a hit: what a client is told in headers. */
export interface RateStatus extends RateLimitState {
  readonly rule: RateRule;
  /** Set when this hit was refused: seconds to wait before the next one can pass. */
  readonly retryAfter?: number;
}

const secondsUntil = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * One limiter for every door (REST routes, GraphQL resolvers, services): a sliding-window log in
 * the shared store (ADR 3). The store records the hit and returns the earlier ones of the window
 * in one atomic step (a Lua script on Redis, a synchronous map update in embedded mode), so two
 * concurrent requests cannot both slip under the limit, and every caller sees every other one.
 *
 * REST and GraphQL both call `consume` with the same rule and identity, so they share buckets.
 */
export class RateLimiter {
  constructor(
    private readonly store: SharedStore,
    private readonly clock: Clock = systemClock,
    private readonly metrics: Metrics = NO_METRICS,
  ) {}

  /** Records a hit and says where the identity stands; never throws for a refusal. */
  async check(rule: RateRule, identity: RateIdentity): Promise<RateStatus> {
    const windowMs = rule.windowSeconds * 1000;
    const now = this.clock.now();
    const seen = await this.store.recordHit(bucketKey(rule, identity), now, windowMs);
    const refused = seen.length >= rule.max;
    // `seen` holds the hits before this one; refused hits count too, so hammering stays refused.
    const oldest = seen.length > 0 ? Math.min(...seen) : now;
    const resetSeconds = secondsUntil(oldest + windowMs - now);
    const status: RateStatus = refused
      ? {
          rule,
          remaining: 0,
          resetSeconds,
          retryAfter: secondsUntil(Math.min(...seen.slice(-rule.max)) + windowMs - now),
        }
      : { rule, remaining: Math.max(0, rule.max - seen.length - 1), resetSeconds };
    if (status.retryAfter !== undefined) this.metrics.rateLimitRejected(rule.name);
    // Whoever counted it (a route, a service), the request's answer tells the client (REST envelope).
    const context = currentRequestContext();
    if (context) (context.rateLimits ??= []).push(status);
    return status;
  }

  /** Records a hit; a refusal is RATE_LIMITED with `retryAfter`. */
  async consume(rule: RateRule, identity: RateIdentity): Promise<RateStatus> {
    const status = await this.check(rule, identity);
    if (status.retryAfter !== undefined) throw rateLimited(status.retryAfter);
    return status;
  }

  /** Records a refusal decided outside `consume` (the per-account failure budget). */
  rejected(bucket: string): void {
    this.metrics.rateLimitRejected(bucket);
  }

  /** A plain counter for "N failures in a window" limits (login failures per account). */
  async countFailure(key: string, windowSeconds: number): Promise<number> {
    return this.store.increment(`fail:${key}`, windowSeconds);
  }

  async clearFailures(key: string): Promise<void> {
    await this.store.del(`fail:${key}`);
  }
}

/**
 * The bucket of one rule and identity. The layout is graphql-rate-limit's (`rl:<rule>:<subject>:<ip>`),
 * which this limiter used to drive: buckets written before the change keep counting.
 */
const bucketKey = (rule: RateRule, { ip, subject }: RateIdentity) => `rl:${rule.name}:${subject}:${ip}`;

export const rateLimited = (retryAfter: number) =>
  new AppError('RATE_LIMITED', `Too many attempts. Try again in ${retryAfter} s.`, { retryAfter });
