import type { RequestHandler } from 'express';
import type { MetricsRegistry } from '../observability/metrics-registry';
import { matchedRoute, requestRouteTemplate, trackRoute } from './route-template';

/** The route label of a request that matched no route (404s, bodies refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/** Observes `http_server_request_duration_seconds` when each response is finished. */
export function httpMetrics(metrics: MetricsRegistry): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    trackRoute(req);
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // A 404 from a named mount (the static client's fallthrough) matched nothing either.
      const template = res.statusCode === 404 ? matchedRoute(req) : requestRouteTemplate(req);
      metrics.httpRequest(req.method, template ?? UNMATCHED_ROUTE, res.statusCode, seconds);
    });
    next();
  };
}
