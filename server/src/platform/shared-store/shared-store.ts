/**
 * The shared state every replica reads and writes: revocations and token versions, rate-limit
 * windows, feature-flag and APQ entries, and the response cache's entries and generations. It
 * is named for that, not as a cache: where a feature can rebuild its part from PostgreSQL, it
 * says so itself. The small key/value surface they need from Redis; two implementations sit
 * behind it: Redis (ioredis) and an in-process map for embedded mode, so no feature branches on
 * the mode. Every failure of the
 * backing store surfaces as AppError SERVICE_UNAVAILABLE ("The shared store is unavailable").
 */
export interface SharedStore {
  get(key: string): Promise<string | null>;
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  /** Sets a value; with `ttlSeconds` it expires (a fractional TTL is rounded up to whole ms). */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Sets several keys, each with its own TTL, in one round trip. */
  setMany(entries: readonly { key: string; value: string; ttlSeconds: number }[]): Promise<void>;
  /** Sets a value with a TTL only when the key is absent (SET NX): a short lock. True when set. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  del(...keys: string[]): Promise<void>;
  /**
   * Stores `version:value` unless the key already holds a higher version: for counters that only
   * grow (token_version), so a slow writer with a stale read can never move the cache back.
   */
  setMonotonic(key: string, version: number, value: string, ttlSeconds: number): Promise<void>;
  /** Atomically increments a counter; the TTL is set when the counter is created. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /**
   * Sliding-window log, recorded atomically: adds `nowMs` and returns the timestamps that
   * were already there (pruned to `windowMs`). Concurrent callers each see the others.
   */
  recordHit(key: string, nowMs: number, windowMs: number): Promise<number[]>;
  /** Adds to a distinct-count estimator (a HyperLogLog on Redis, a set in memory); refreshes the TTL. */
  addDistinct(key: string, member: string, ttlSeconds: number): Promise<void>;
  countDistinct(key: string): Promise<number>;
  /** Adds to a plain set (for listing what was touched); refreshes the TTL. */
  addToSet(key: string, member: string, ttlSeconds: number): Promise<void>;
  setMembers(key: string): Promise<string[]>;
  /**
   * Reads `key` and the current generations of `scopes` (joined with '.'), in one round trip;
   * the caller compares them with the generations its entry was written under, so bumping any
   * scope makes the entry stale. A scope never seen (or lost) gets a fresh generation above any
   * it could have had before, and the value then reads as null.
   */
  readWithGenerations(key: string, scopes: readonly string[]): Promise<{ value: string | null; generations: string }>;
  /**
   * The current generations of `scopes` (joined with '.'), as readWithGenerations gives them, or
   * null when one is missing (readWithGenerations then makes it). Nothing else is read.
   */
  readGenerations(scopes: readonly string[]): Promise<string | null>;
  /** Moves each scope to a new generation (entries read under the old one become unreachable). */
  bumpVersions(scopes: readonly string[], ttlSeconds: number): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
