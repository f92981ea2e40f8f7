import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { runWithRequestContext, type RequestContext } from '../observability/request-context';

/** The contract's shape for a caller-supplied X-Request-ID. Anything else is replaced. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function resolveRequestId(incoming: string | string[] | undefined): string {
  const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
  return candidate !== undefined && VALID_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

declare module 'http' {
  interface IncomingMessage {
    context?: RequestContext;
  }
}

const REQUEST_ID = Symbol('inkwell.requestId');

/** The request's id, resolved once: the tracing hook (before express) and the middleware agree. */
export function requestIdOf(req: IncomingMessage & { [REQUEST_ID]?: string }): string {
  return (req[REQUEST_ID] ??= resolveRequestId(req.headers['x-request-id']));
}

/** Opens the request context (AsyncLocalStorage) and echoes X-Request-ID on every response. */
export const requestContextMiddleware: RequestHandler = (req, res, next) => {
  const context: RequestContext = { requestId: requestIdOf(req) };
  req.context = context;
  res.setHeader('X-Request-ID', context.requestId);
  runWithRequestContext(context, next);
};
