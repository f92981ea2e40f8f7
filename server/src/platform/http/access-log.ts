import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string; originalUrl?: string };

/** The matched route pattern when express knows it, else the path without its query string. */
function routeOf(req: RoutedRequest): string {
  if (typeof req.route?.path === 'string') return `${req.baseUrl ?? ''}${req.route.path}`;
  return (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
}

function accessFields(req: IncomingMessage, res: ServerResponse, latencyMs: number) {
  const context = req.context;
  return {
    request_id: context?.requestId,
    user_id: context?.userId,
    method: req.method,
    route: routeOf(req),
    operation: context?.operationName,
    status_code: res.statusCode,
    latency_ms: latencyMs,
  };
}

/**
 * One access line per request with the fields operators filter on, and nothing else: no child
 * logger per request and no request or response serialization (so headers such as
 * Authorization or Cookie cannot leak). It costs what writing one line costs; pino-http, which
 * it replaces, built a child logger and its bindings for every request (ADR 4's profile).
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const write = () => {
      const finished = res.writableFinished;
      const fields = accessFields(req, res, Date.now() - started);
      if (!finished) logger.error(fields, 'request failed');
      else if (res.statusCode >= 500) logger.error(fields, 'request completed');
      else logger.info(fields, 'request completed');
    };
    // 'close' follows 'finish' for every response, and comes alone when the client went away.
    res.once('close', write);
    next();
  };
}
