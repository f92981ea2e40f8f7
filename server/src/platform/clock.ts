/**
 * Where the app reads the time for its own windows (rate limits, the refresh-reuse grace), so
 * tests move time instead of sleeping. PostgreSQL's now() still stamps rows and judges session
 * liveness in SQL; a test clock only ever runs ahead of it (test/support/clock.ts).
 */
export interface Clock {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
