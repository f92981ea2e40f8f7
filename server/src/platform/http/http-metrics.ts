import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { MetricsRegistry } from '../observability/metrics-registry';
import { matchedRoute, requestRouteTemplate, trackRoutes } from './route-template';

/** The route label of a request that matched no route (404s, bodies refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Observes `http_server_request_duration_seconds` when each response is finished. Route
 * templates are recorded by a setter on the app's request prototype (trackRoutes): call this
 * with the app it is mounted on. Per request: one clock read each way and one listener.
 */
export function httpMetrics(app: { request: object }, metrics: MetricsRegistry): RequestHandler {
  trackRoutes(app);
  return (req, res, next) => {
    const started = performance.now();
    // 'finish' is emitted once per response; `on` spares `once`'s wrapper closure.
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1e3;
      // A 404 from a named mount (the static client's fallthrough) matched nothing either.
      const template = res.statusCode === 404 ? matchedRoute(req) : requestRouteTemplate(req);
      metrics.httpRequest(req.method, template ?? UNMATCHED_ROUTE, res.statusCode, seconds);
    });
    next();
  };
}
