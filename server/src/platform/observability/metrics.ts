/**
 * What features record for operators, as plain calls: services depend on this interface, never
 * on prom-client (metrics-registry.ts implements it). Every label value is one of a fixed set
 * chosen by the caller's code, never user input: no ids, emails or tokens.
 */
export type AuthEvent =
  | 'register'
  | 'login_success'
  | 'login_failure'
  | 'refresh'
  | 'refresh_reuse'
  | 'logout'
  | 'session_revoked'
  | 'password_changed';

/** The response cache's verdict for one request (`X-Cache`). */
export type ResponseCacheResult = 'hit' | 'miss' | 'bypass';

export type JobOutcome = 'completed' | 'failed' | 'retried';

export interface Metrics {
  /** An auth lifecycle event; `count` for events that happen in bulk (sessions revoked). */
  authEvent(event: AuthEvent, count?: number): void;
  /** A request refused by a rate-limit bucket (`login`, `refresh`, `login-failures`, …). */
  rateLimitRejected(bucket: string): void;
  responseCacheRequest(result: ResponseCacheResult): void;
  /** A Redis command that failed (timeout, connection lost, server error). */
  redisCommandFailed(): void;
  /** A background job ended: its queue (a fixed name), how, and how long it ran. */
  jobFinished(queue: string, outcome: JobOutcome, seconds: number): void;
}

/** Records nothing: for code built without a registry (scripts, unit tests). */
export const NO_METRICS: Metrics = {
  authEvent: () => undefined,
  rateLimitRejected: () => undefined,
  responseCacheRequest: () => undefined,
  redisCommandFailed: () => undefined,
  jobFinished: () => undefined,
};
