import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

type RoutedRequest = IncomingMessage & {
  route?: { path?: unknown };
  baseUrl?: string;
  originalUrl?: string;
  ip?: string;
};

const templateOf = (req: RoutedRequest): string | undefined =>
  typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : undefined;

/**
 * Marks a mounted endpoint (GraphQL, which is middleware rather than a route) with its template,
 * so every request to it logs the same `route`, trailing slash or query string aside.
 */
export const routeTemplate =
  (template: string): RequestHandler =>
  (req, _res, next) => {
    if (req.context) req.context.route = template;
    next();
  };

/**
 * The last handler of every Router: on the way out of a router after an error, express restores
 * `req.baseUrl` and the line would name only the inner path (`/refresh`); the template is
 * recorded here, while both halves are still known.
 */
export const recordRouteOnError: ErrorRequestHandler = (error, req, _res, next) => {
  const template = templateOf(req);
  if (template && req.context && !req.context.route) req.context.route = template;
  next(error);
};

/** The matched route template; null when no route matched (a 404, a static file). */
function routeOf(req: RoutedRequest): string | null {
  return req.context?.route ?? templateOf(req) ?? null;
}

function accessFields(req: IncomingMessage, res: ServerResponse, latencyMs: number, version: string) {
  const context = req.context;
  const routed = req as RoutedRequest;
  const route = routeOf(routed);
  return {
    request_id: context?.requestId,
    user_id: context?.userId,
    method: req.method,
    route,
    // Only unmatched requests carry their path: a route's lines stay one series.
    ...(route === null && { path: (routed.originalUrl ?? req.url ?? '').split('?')[0] }),
    operation: context?.operationName,
    error_codes: context?.errorCodes,
    status_code: res.statusCode,
    latency_ms: latencyMs,
    // express's view of the caller (TRUST_PROXY decides whether X-Forwarded-For counts).
    client_address: routed.ip ?? req.socket.remoteAddress,
    version,
  };
}

/**
 * One access line per request with the fields operators filter on. Request and response
 * objects are not serialized at all, so headers (Authorization, Cookie) cannot leak.
 */
export function accessLog(logger: Logger, { version }: { version: string }) {
  return pinoHttp({
    logger,
    genReqId: (req) => req.context?.requestId ?? '',
    serializers: { req: () => undefined, res: () => undefined },
    wrapSerializers: false,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, value: { responseTime: number }) =>
      accessFields(req, res, value.responseTime, version),
    customErrorObject: (req, res, _error, value: { responseTime: number }) =>
      accessFields(req, res, value.responseTime, version),
  });
}
