import http from 'node:http';
import type { Logger } from 'pino';
import type { MetricsRegistry } from './metrics-registry';

/**
 * The metrics endpoint, on a server of its own (METRICS_PORT): nothing under the public port
 * serves it, and the edge does not route to this one. `GET /metrics` only.
 */
export function createMetricsServer(metrics: MetricsRegistry, logger: Logger): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: metrics are at /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method not allowed\n');
      return;
    }
    metrics.scrape().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Scrape failed\n');
      },
    );
  });
}

/**
 * Puts the metrics server on METRICS_PORT. Metrics are not worth refusing work over: a taken port
 * is logged (and Prometheus's target-down alert fires), the process carries on.
 */
export function serveMetrics(
  server: http.Server,
  settings: { readonly port: number; readonly host: string },
  logger: Logger,
  fields: Record<string, unknown> = {},
): void {
  server.once('error', (error) =>
    logger.error({ err: error, metrics_port: settings.port }, 'metrics port unavailable: /metrics not served'),
  );
  server.listen(settings.port, settings.host, () => {
    logger.info({ metrics_port: settings.port, ...fields }, 'metrics served at /metrics');
  });
}
