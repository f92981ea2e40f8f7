import type { Clock } from '../../src/platform/clock';

/**
 * A clock a test moves forward instead of sleeping. It runs ahead of the real time by what
 * was advanced, never behind it, so rows PostgreSQL stamps with now() stay in its past.
 */
export class ManualClock implements Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Back to the real time (between tests sharing one app). */
  reset(): void {
    this.offsetMs = 0;
  }
}
