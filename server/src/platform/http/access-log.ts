import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

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
 * One access line per request with the fields operators filter on, and nothing else: no child
 * logger per request and no request or response serialization (so headers such as
 * Authorization or Cookie cannot leak). It costs what writing one line costs; pino-http, which
 * it replaces, built a child logger and its bindings for every request (ADR 4's profile).
 */
export function accessLog(logger: Logger, { version }: { version: string }): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const write = () => {
      const fields = accessFields(req, res, Date.now() - started, version);
      if (!res.writableFinished) logger.error(fields, 'request failed');
      else if (res.statusCode >= 500) logger.error(fields, 'request completed');
      else logger.info(fields, 'request completed');
    };
    // 'close' follows 'finish' for every response, and comes alone when the client went away.
    res.once('close', write);
    next();
  };
}
