import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { VETTED_FIELDS } from '../observability/redact';
import { routeOf } from './route-template';

type RoutedRequest = IncomingMessage & { originalUrl?: string; ip?: string };

function accessFields(req: IncomingMessage, res: ServerResponse, latencyMs: number, version: string) {
  const context = req.context;
  const routed = req as RoutedRequest;
  const route = routeOf(req, res.statusCode) ?? null;
  return {
    // Every name below is fixed and none is a secret's (redact.ts).
    [VETTED_FIELDS]: true as const,
    request_id: context?.requestId,
    user_id: context?.userId,
    method: req.method,
    route,
    // Only requests without a path template carry their path (unmatched ones, and the static
    // client's files, which it names `static`): a route's lines stay one series.
    ...(!route?.startsWith('/') && { path: (routed.originalUrl ?? req.url ?? '').split('?')[0] }),
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
