import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { MetricsRegistry } from '../observability/metrics-registry';
import { routeOf } from './route-template';

/** The route label of a request that matched no route (404s, bodies refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Observes `http_server_request_duration_seconds` when each response is finished, under the
 * route routeOf() names (trackRoutes records it for the whole app). Per request: one clock read
 * each way and one listener.
 */
export function httpMetrics(metrics: MetricsRegistry): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    // 'finish' is emitted once per response; `on` spares `once`'s wrapper closure.
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1e3;
      metrics.httpRequest(req.method, routeOf(req, res.statusCode) ?? UNMATCHED_ROUTE, res.statusCode, seconds);
    });
    next();
  };
}
