import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { routeTemplate } from './route-template';

type RoutedRequest = IncomingMessage & { originalUrl?: string };

/** The matched route pattern when express knows it, else the path without its query string. */
function routeOf(req: RoutedRequest): string {
  return routeTemplate(req) ?? (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
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
 * One access line per request with the fields operators filter on. Request and response
 * objects are not serialized at all, so headers (Authorization, Cookie) cannot leak.
 */
export function accessLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req) => req.context?.requestId ?? '',
    serializers: { req: () => undefined, res: () => undefined },
    wrapSerializers: false,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, value: { responseTime: number }) => accessFields(req, res, value.responseTime),
    customErrorObject: (req, res, _error, value: { responseTime: number }) =>
      accessFields(req, res, value.responseTime),
  });
}
