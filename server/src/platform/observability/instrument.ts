import { ConfigError, loadConfig } from '../config';
import { startTracing, type Tracing } from './tracing';

/**
 * Imported first by main.ts, before express, graphql, pg and ioredis are loaded, so the
 * OpenTelemetry instrumentations can hook them. Tracing is on when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set; off, this is one branch. An invalid configuration is left for main.ts to report.
 */
function tracingFromConfig(): Tracing | null {
  try {
    const { tracing, metrics } = loadConfig();
    return tracing ? startTracing(tracing, { metricsPort: metrics.port }) : null;
  } catch (error) {
    if (error instanceof ConfigError) return null;
    throw error;
  }
}

export const tracing = tracingFromConfig();
