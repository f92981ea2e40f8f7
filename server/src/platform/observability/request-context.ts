import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request state every log line and error can reach without threading it through calls. */
export interface RequestContext {
  readonly requestId: string;
  userId?: string;
  sessionId?: string;
  /** The GraphQL operation name, when the request is a GraphQL one. */
  operationName?: string;
  /** The error codes the response carried (REST `error.code`, GraphQL `extensions.code`). */
  errorCodes?: readonly string[];
  /** Every rate limit this request was counted against, for the RateLimit response fields. */
  rateLimits?: RateLimitState[];
}

/** Where a request stands against one rate limit (rate-limiter.ts fills it in). */
export interface RateLimitState {
  readonly rule: { readonly name: string; readonly max: number; readonly windowSeconds: number };
  readonly remaining: number;
  readonly resetSeconds: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithRequestContext = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);

export const currentRequestContext = (): RequestContext | undefined => storage.getStore();
