import type { RequestHandler } from 'express';
import type { MetricsRegistry } from '../observability/metrics-registry';
import { routeOf } from './route-template';

/** The route label of a request that matched no route (404s, bodies refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/** Observes `http_server_request_duration_seconds` when each response is finished. */
export function httpMetrics(metrics: MetricsRegistry): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequest(req.method, routeOf(req, res.statusCode) ?? UNMATCHED_ROUTE, res.statusCode, seconds);
    });
    next();
  };
}
