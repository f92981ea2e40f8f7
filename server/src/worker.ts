import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createJobBackend, startJobs } from './jobs';
import { openConnections } from './platform/connections';
import { ConfigError, loadConfig, type Config } from './platform/config';
import { migrateLatest } from './platform/db/database';
import { BullMqBackend } from './platform/jobs/bullmq.backend';
import { createDashboard } from './platform/jobs/dashboard';
import { installCrashHandlers } from './platform/lifecycle';
import { instrumentJobRuntime } from './platform/jobs/job-metrics';
import { createLogger } from './platform/observability/logger';
import { MetricsRegistry } from './platform/observability/metrics-registry';
import { createMetricsServer, serveMetrics } from './platform/observability/metrics-server';
import { createServices } from './services';

function fail(problems: readonly string[]): never {
  process.stderr.write(`inkwell worker: invalid configuration, not starting\n`);
  for (const problem of problems) process.stderr.write(`  ${problem}\n`);
  process.exit(1);
}

function readConfigOrExit(): Config {
  try {
    const config = loadConfig();
    const problems: string[] = [];
    if (!config.redisUrl)
      problems.push('REDIS_URL is required (embedded `npm start` runs the jobs in-process instead)');
    if (config.isProduction && !config.mail.smtpUrl) problems.push('SMTP_URL is required in production');
    if (problems.length) fail(problems);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) fail(error.problems);
    throw error;
  }
}

/**
 * `npm run worker`: the background worker (same build and image as the API). Consumes the
 * queues, runs the repeatable jobs (once per tick across replicas), and on SIGTERM finishes or
 * returns its running jobs before exiting.
 */
async function main() {
  const config = readConfigOrExit();
  // Lines say which process wrote them (the base logger names the service).
  const logger = createLogger(config.logLevel).child({ process: 'worker' });
  installCrashHandlers(logger);
  // The worker's own /metrics on METRICS_PORT (Prometheus discovers `worker` replicas too).
  const metrics = config.metrics.port !== 0 ? new MetricsRegistry() : undefined;
  const { db, store } = await openConnections(config, { logger, onCommandError: () => metrics?.redisCommandFailed() });
  if (config.migrateOnStart) await migrateLatest(db);
  const backend = createJobBackend(config, logger);
  const services = createServices({ config, logger, db, store, jobs: backend, metrics });
  const hooks = metrics ? instrumentJobRuntime(metrics, backend) : undefined;
  const runtime = await startJobs({ config, logger, db, services, backend, hooks });
  const metricsServer = metrics ? createMetricsServer(metrics, logger) : null;
  if (metricsServer) serveMetrics(metricsServer, config.metrics, logger);

  const dashboard =
    config.jobs.dashboardPort > 0 && backend instanceof BullMqBackend ? createDashboard(backend.allQueues()) : null;
  dashboard?.listen(config.jobs.dashboardPort, config.host, () => {
    const { port } = dashboard.address() as AddressInfo;
    logger.info({ port }, `Bull Board on the internal port ${port} (/queues)`);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down: finishing running jobs');
    dashboard?.close();
    metricsServer?.close();
    runtime
      .stop(config.http.shutdownTimeoutMs)
      .then(() => Promise.allSettled([db.destroy(), store.close()]))
      .then(() => {
        logger.info('worker stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`inkwell worker: failed to start: ${message}\n`);
  process.exit(1);
});
