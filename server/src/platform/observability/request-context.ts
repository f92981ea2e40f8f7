import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request state every log line and error can reach without threading it through calls. */
export interface RequestContext {
  readonly requestId: string;
  userId?: string;
  sessionId?: string;
  /** The GraphQL operation name, when the request is a GraphQL one. */
  operationName?: string;
  /** The matched route template, once the router knows it (the access log's `route`). */
  route?: string;
  /** The error codes the response carried (REST `error.code`, GraphQL `extensions.code`). */
  errorCodes?: readonly string[];
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithRequestContext = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);

export const currentRequestContext = (): RequestContext | undefined => storage.getStore();
